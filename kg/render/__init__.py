"""render stage: company graph + metrics → a static, offline site (vis-network from pyvis)."""

from __future__ import annotations

from kg.render.site import RenderError, render_site

__all__ = ["RenderError", "render_site"]
