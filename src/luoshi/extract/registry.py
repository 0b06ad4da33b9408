"""The component registry: extraction components registered by name, with what they
``requires`` (span layers that must be filled before them) and ``assigns`` (layers
they fill), the way spaCy's ``Language.component`` declares them."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from luoshi.errors import PipelineConfigError
from luoshi.reading.document import Document

__all__ = ["Component", "ComponentInfo", "component", "get_component", "registered"]

Component = Callable[[Document], Document]


@dataclass(frozen=True)
class ComponentInfo:
    """A registered component and its declarations."""

    name: str
    func: Component
    requires: tuple[str, ...]
    assigns: tuple[str, ...]
    doc: str


_REGISTRY: dict[str, ComponentInfo] = {}


def component(
    name: str, *, requires: tuple[str, ...] = (), assigns: tuple[str, ...] = ()
) -> Callable[[Component], Component]:
    """Register ``func`` as the pipeline component ``name``."""

    def wrap(func: Component) -> Component:
        if name in _REGISTRY and _REGISTRY[name].func is not func:
            raise PipelineConfigError(
                f"component {name!r} is registered twice", zh=f"组件 {name!r} 被注册了两次"
            )
        doc = (func.__doc__ or "").strip().splitlines()[0] if func.__doc__ else ""
        _REGISTRY[name] = ComponentInfo(name, func, requires, assigns, doc)
        return func

    return wrap


def get_component(name: str) -> ComponentInfo:
    """The registered component ``name``."""
    _load()
    try:
        return _REGISTRY[name]
    except KeyError:
        raise PipelineConfigError(
            f"no component named {name!r}; registered:",
            zh=f"没有名为 {name!r} 的组件，已注册",
            options=sorted(_REGISTRY),
        ) from None


def registered() -> dict[str, ComponentInfo]:
    """Every registered component, by name."""
    _load()
    return dict(_REGISTRY)


def _load() -> None:
    # Importing the components module registers them all (one module, one place).
    import luoshi.extract.components  # noqa: F401
