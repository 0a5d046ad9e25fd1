from missioncj.participants.models import Participant


def test_world_builds_and_scopes(world):
    assert Participant.objects.count() == 3
    visible = set(Participant.objects.visible_to(world.user("casemanager")))
    assert visible == {world.north_person}
    assert set(Participant.objects.visible_to(world.user("supervisor"))) == {
        world.north_person,
        world.south_person,
    }
    assert not Participant.objects.visible_to(world.user("court")).exists()
    assert not Participant.objects.visible_to(world.user("admin")).exists()
