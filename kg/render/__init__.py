"""render stage: company graph + metrics → a static, offline site (vis-network from pyvis's
package files), and the same network drawing as one self-contained page for the notebooks."""

from __future__ import annotations

from kg.render.site import RenderError, render_site

__all__ = ["RenderError", "render_site"]
