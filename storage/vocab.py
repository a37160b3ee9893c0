"""Codes for governorates, event kinds and interests; their labels live in the message catalog."""

from __future__ import annotations

GOVERNORATES: tuple[str, ...] = (
    "baghdad", "basra", "nineveh", "erbil", "najaf", "karbala", "maysan", "wasit", "anbar", "dhiqar",
    "babil", "diyala", "salahaddin", "kirkuk", "muthanna", "qadisiyah", "duhok", "sulaymaniyah", "halabja",
)

EVENT_KINDS: tuple[str, ...] = ("seminar", "roundtable", "workshop", "closing", "conference", "campaign")

INTERESTS: tuple[str, ...] = (
    "democracy", "youth", "women", "peace", "anticorruption", "education", "health", "displaced",
)

ROLES: tuple[str, ...] = ("admin", "organizer", "coordinator")
