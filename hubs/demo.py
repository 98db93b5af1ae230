"""Demo hubs: the 14-place mainstream SEND hub at school A, each district's hub, the trust hub."""

from sendhub.demo import DemoWorld

from .models import Hub


def seed(world: DemoWorld) -> None:
    school_a = world.schools["a"]
    world.extra["hub"], _ = Hub.objects.update_or_create(
        kind=Hub.Kind.MAINSTREAM,
        host_school=school_a,
        defaults={
            "name": "St Aldhelm's Mainstream SEND Hub",
            "description": (
                "An enhanced provision for up to 14 pupils with EHC plans who are best educated in a mainstream "
                "school. Pupils are on the school's roll and join their classes every day, with specialist "
                "teaching in the hub. Places are named in a child's EHC plan by Wessex County Council."
            ),
            "designated_needs": ["ASD", "SLCN", "SEMH"],
            "key_stages": ["KS1", "KS2"],
        },
    )
    for name, district in world.districts.items():
        world.extra[f"district_hub_{name}"], _ = Hub.objects.update_or_create(
            kind=Hub.Kind.DISTRICT, district=district, defaults={"name": f"{name} SEND and Inclusion Hub"}
        )
    world.extra["trust_hub"], _ = Hub.objects.update_or_create(
        kind=Hub.Kind.TRUST,
        trust=world.trusts["heathland"],
        defaults={
            "name": "Heathland SEND Hub",
            "anchor_school": world.schools["anchor"],
            "description": "The trust's centre of SEND expertise, anchored by Egdon Heath School.",
        },
    )
