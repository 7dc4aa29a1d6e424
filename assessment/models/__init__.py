from assessment.models.criteria import (
    Area,
    Criterion,
    Framework,
    FrameworkVersion,
    FrozenVersionError,
)

__all__ = ["Area", "Criterion", "Framework", "FrameworkVersion", "FrozenVersionError"]
