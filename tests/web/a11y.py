"""A small axe-like check run inside the page: labelled form controls, visible keyboard focus, text contrast.

Contrast is WCAG 2's ratio computed from the computed CSS colours of every element that holds text, against
the first opaque background up its ancestors (normal text needs 4.5:1)."""
from __future__ import annotations

CHECK = r"""
() => {
  const problems = [];
  const parse = c => { const m = c.match(/rgba?\(([^)]+)\)/); if (!m) return null;
    const p = m[1].split(/[ ,\/]+/).filter(Boolean).map(Number); return {r:p[0], g:p[1], b:p[2], a: p.length > 3 ? p[3] : 1}; };
  const lum = c => { const f = v => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
    return 0.2126 * f(c.r) + 0.7152 * f(c.g) + 0.0722 * f(c.b); };
  const background = el => { for (let e = el; e; e = e.parentElement) { const c = parse(getComputedStyle(e).backgroundColor);
      if (c && c.a > 0.5) return c; } return {r:255, g:255, b:255, a:1}; };
  for (const el of document.querySelectorAll("input, select, textarea")) {
    if (["hidden", "submit", "button"].includes(el.type)) continue;
    const named = el.labels && el.labels.length || el.getAttribute("aria-label") || el.getAttribute("aria-labelledby");
    if (!named) problems.push("unlabelled " + el.outerHTML.slice(0, 80));
  }
  for (const img of document.querySelectorAll("img")) if (!img.getAttribute("alt")) problems.push("img without alt " + img.src);
  for (const el of document.querySelectorAll("body *")) {
    const own = [...el.childNodes].some(n => n.nodeType === 3 && n.textContent.trim());
    const st = getComputedStyle(el);
    if (!own || st.visibility === "hidden" || st.display === "none") continue;
    const fg = parse(st.color), bg = background(el);
    const [a, b] = [lum(fg) + 0.05, lum(bg) + 0.05];
    const ratio = Math.max(a, b) / Math.min(a, b);
    if (ratio < 4.5) problems.push(`contrast ${ratio.toFixed(2)} < 4.5: ${el.tagName} "${el.textContent.trim().slice(0, 40)}"`);
  }
  return problems;
}
"""


def check_page(page) -> list[str]:  # noqa: ANN001
    """Problems on the current page; also tabs to the first few focusable elements and checks each shows focus."""
    problems = page.evaluate(CHECK)
    for _ in range(4):
        page.keyboard.press("Tab")
        style = page.evaluate("() => { const e = document.activeElement; const s = getComputedStyle(e);"
                              " return [e.tagName, s.outlineStyle, parseFloat(s.outlineWidth)]; }")
        if style[0] != "BODY" and (style[1] == "none" or style[2] < 2):
            problems.append(f"no visible focus on {style[0]}")
    return problems
