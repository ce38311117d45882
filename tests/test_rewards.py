"""The journey map, the celebrations and the stickers."""

from __future__ import annotations

import pytest

pytest.importorskip("pytestqt")

from PySide6.QtCore import QPointF, QRectF

from actor_trainer.ui.rewards import (
    CALM_SUCCESS_SOUND,
    SUCCESS_SOUNDS,
    Celebration,
    JourneyMap,
    StickerSheet,
    earned_stickers,
    sticker_for,
    success_sound,
)


def journey(qtbot, count: int = 5) -> JourneyMap:
    widget = JourneyMap()
    qtbot.addWidget(widget)
    widget.resize(800, 96)
    widget.set_situations(count)
    return widget


def test_journey_map_records_passes_and_misses(qtbot):
    widget = journey(qtbot)
    assert widget.results == [None] * 5 and widget.current == 0
    widget.mark(0, True)
    widget.mark(1, False)
    widget.set_current(2)
    assert widget.results == [True, False, None, None, None]
    assert widget.stars == 1 and widget.current == 2
    widget.grab()
    with pytest.raises(IndexError):
        widget.mark(5, True)


def test_a_passed_star_flies_onto_its_stone(qtbot):
    widget = journey(qtbot)
    landed = []
    widget.star_landed.connect(landed.append)
    widget.mark(3, True, fly_from=QPointF(400, 10))
    assert len(widget.flights) == 1
    distances = []
    for _ in range(12):
        widget.advance(0.1)
        if widget.flights:
            centre, radius = widget.flight_position(widget.flights[0])
            assert QRectF(widget.rect()).contains(QRectF(centre.x() - radius, centre.y() - radius, 2 * radius,
                                                         2 * radius))
            distances.append((centre - widget.stone_centre(3)).manhattanLength())
            widget.grab()
    assert landed == [3] and not widget.flights
    assert distances[-1] < distances[0]


def test_calm_journey_map_places_stars_without_flying(qtbot):
    widget = journey(qtbot)
    widget.set_calm(True)
    landed = []
    widget.star_landed.connect(landed.append)
    widget.mark(0, True)
    assert not widget.flights and landed == [0]


def test_stones_fit_inside_the_map_for_long_packs(qtbot):
    widget = journey(qtbot, count=40)
    widget.resize(600, 80)
    rect = QRectF(widget.rect())
    for index in range(40):
        centre, radius = widget.stone_centre(index), widget.stone_radius()
        assert rect.contains(QRectF(centre.x() - radius, centre.y() - radius, 2 * radius, 2 * radius)), index


@pytest.mark.parametrize("size", [(600, 300), (220, 140), (1000, 160), (130, 125), (1920, 400)])
def test_every_celebration_stays_inside_its_rect(qtbot, size):
    widget = Celebration()
    qtbot.addWidget(widget)
    widget.resize(*size)
    rect = QRectF(widget.rect())
    for variant in range(Celebration.VARIANTS):
        assert widget.play(variant) == variant
        seen = 0
        while widget.playing:
            for particle in widget.particles():
                assert rect.contains(particle.bounds), (variant, particle)
                seen += 1
            widget.advance(0.05)
        widget.play(variant)
        widget.advance(0.5)
        widget.grab()
        assert seen > 0, variant


@pytest.mark.slow  # every celebration played, 2 s
def test_celebrations_vary_and_never_block(qtbot):
    widget = Celebration()
    qtbot.addWidget(widget)
    widget.resize(400, 300)
    played = [widget.play() for _ in range(4)]
    assert sorted(played) == [0, 1, 2, 3]  # each variant in turn
    assert widget.playing  # play() returned at once; the animation runs on
    with qtbot.waitSignal(widget.finished, timeout=30000):
        pass
    assert not widget.playing and widget.particles() == []


def test_calm_celebration_only_fades(qtbot):
    widget = Celebration()
    qtbot.addWidget(widget)
    widget.resize(400, 300)
    widget.set_calm(True)
    widget.play(Celebration.CONFETTI)
    frames = []
    while widget.playing:
        widget.advance(0.1)
        frames.extend(widget.particles())
        widget.grab()
    assert {particle.shape for particle in frames} == {"glow"}
    assert len({(p.bounds.x(), p.bounds.y(), p.bounds.width()) for p in frames}) == 1  # nothing moves
    assert len({round(p.alpha, 2) for p in frames}) > 3  # it fades in and out


def test_success_sounds_follow_the_variant_and_calm_mode():
    assert [success_sound(variant) for variant in range(4)] == list(SUCCESS_SOUNDS)
    assert success_sound(2, calm=True) == CALM_SUCCESS_SOUND


def test_earned_stickers_count_each_expression_once_in_order():
    results = [("sad", True), ("happy", False), ("happy", True), ("sad", True), ("fear", None)]
    assert earned_stickers(results) == [("sad", 2), ("happy", 1)]


def test_stickers_differ_per_expression(qapp):
    first, second = sticker_for("happy", 96).toImage(), sticker_for("angry", 96).toImage()
    assert first.width() == 96 and first != second


def test_sticker_sheet_lays_out_stars_and_stickers_inside(qtbot):
    sheet = StickerSheet()
    qtbot.addWidget(sheet)
    sheet.resize(700, 320)
    sheet.set_results([("happy", True), ("sad", False), ("happy", True), ("surprise", True)] * 5)
    rect = QRectF(sheet.rect())
    stars = sheet.star_rects()
    assert len(stars) == 20 and all(rect.contains(star) for star in stars)
    assert min(star.width() for star in stars) >= 44  # big stars, in two rows when needed
    stickers = sheet.sticker_rects()
    assert [(name, times) for name, times, _ in stickers] == [("happy", 10), ("surprise", 5)]
    assert all(rect.contains(box) for _, _, box in stickers)
    assert sheet.stars == 15
    sheet.grab()
    with pytest.raises(ValueError, match="grumpy"):
        sheet.set_results([("grumpy", True)])


def test_a_landed_star_is_drawn_on_its_stone(qtbot):
    widget = journey(qtbot)
    centre = widget.stone_centre(1).toPoint()
    before = widget.grab().toImage().pixelColor(centre)
    widget.mark(1, True)
    widget.advance(2.0)
    after = widget.grab().toImage().pixelColor(centre)
    assert after != before and after.red() > 200 and after.green() > 150 and after.blue() < 100  # gold


def test_an_empty_map_paints_nothing(qtbot):
    widget = journey(qtbot, count=0)
    assert widget.current == -1 and widget.stars == 0
    assert len(colours(widget)) == 1  # the background alone
    widget.set_situations(3)
    assert len(colours(widget)) > 1  # the same look at the pixels sees stones


def colours(widget) -> set[int]:
    image = widget.grab().toImage()
    return {image.pixel(x, y) for x in range(0, image.width(), 2) for y in range(0, image.height(), 2)}
