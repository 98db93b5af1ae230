"""Demo data of the pupils app. Every pupil is invented."""

from sendhub.demo import DemoWorld

from .demo_ehc import seed_ehc


def seed(world: DemoWorld) -> None:
    # EHC cases last: they build on the pupils and hubs made before them.
    seed_ehc(world)
