"""``koop seed --scale N [--seed S]``: deterministic demo data into an empty database."""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from koop.demo.seed import SeedRefused, run_seed


class Command(BaseCommand):
    help = (
        "Fill an empty database with deterministic demo data: scale 1 is the group of "
        "8 municipalities, about 50 units and 87 employees; scale N multiplies it."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--scale", type=int, default=1, help="Copies of the group (1).")
        parser.add_argument("--seed", type=int, default=1, help="Random seed (1).")

    def handle(self, *args: Any, scale: int, seed: int, **options: Any) -> None:
        if scale < 1:
            raise CommandError("--scale must be at least 1.")
        self.stdout.write(f"Seeding demo data at scale {scale} with seed {seed} …")
        try:
            ctx = run_seed(scale=scale, seed=seed, progress=self._progress)
        except SeedRefused:
            raise CommandError(
                "The database already holds a cooperative; demo data is only seeded into an "
                "empty database. Use a new KOOP_DATA_DIR or DATABASE_URL."
            ) from None
        self.stdout.write(
            self.style.SUCCESS(
                f"Seeded {len(ctx.data['units'])} units, {len(ctx.data['employees'])} "
                f"employees and {len(ctx.data['persons'])} persons."
            )
        )

    def _progress(self, message: str) -> None:
        self.stdout.write(f"  {message}")
        self.stdout.flush()
