import pytest

from tests.content.factories import StoryImageFactory


@pytest.fixture
def story_image(db):
    return StoryImageFactory()
