// What has keyboard focus, where it is, and whether a sighted keyboard user
// can see it.

/** Presses Tab (or Shift+Tab) and describes the focused element once any
 *  smooth scrolling has settled. */
export async function tab(page, key = 'Tab') {
  await page.keyboard.press(key);
  return focused(page);
}

/** Describes document.activeElement: {tag, id, cls, text, selector, region,
 *  rect, viewport, visible, inViewport, unobscured, indicator, outline,
 *  boxShadow}. Waits (up to 1.5 s) for its position to stop changing. */
export async function focused(page) {
  return page.evaluate(async () => {
    const e = document.activeElement;
    const frame = () => new Promise((r) => requestAnimationFrame(() => r()));
    // Still for three frames in a row: on a loaded machine the scroll that
    // brings the focused element into view (smooth, as the site asks) can
    // start a frame after the focus moved.
    let last = '';
    let still = 0;
    for (let i = 0; i < 90 && still < 3; i++) {
      await frame();
      const r = e.getBoundingClientRect();
      const now = `${r.x},${r.y},${scrollX},${scrollY}`;
      still = now === last ? still + 1 : 0;
      last = now;
    }
    const cs = getComputedStyle(e);
    const r = e.getBoundingClientRect();
    const region = e.matches('.skip-link') ? 'skip'
      : e.closest('header.site-header') ? 'header'
        : e.closest('.doc-meta') ? 'meta'
          : e.closest('nav.breadcrumbs') ? 'crumbs'
          : e.closest('main') ? 'content'
            : e.closest('footer') ? 'footer' : 'other';
    let selector = e.tagName.toLowerCase();
    if (e.id) selector += `#${e.id}`;
    if (typeof e.className === 'string' && e.className.trim()) {
      selector += '.' + e.className.trim().split(/\s+/).join('.');
    }
    const inViewport = r.width > 0 && r.height > 0 && r.left >= 0 && r.top >= 0 &&
      r.right <= innerWidth + 0.5 && r.bottom <= innerHeight + 0.5;
    // Not covered by something else: the middle of the element hits it.
    const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
    const unobscured = !!hit && (hit === e || e.contains(hit) || hit.contains(e));
    const outlineWidth = parseFloat(cs.outlineWidth) || 0;
    const hasOutline = cs.outlineStyle !== 'none' && outlineWidth > 0;
    const hasShadow = cs.boxShadow && cs.boxShadow !== 'none';
    return {
      tag: e.tagName.toLowerCase(),
      id: e.id,
      text: (e.innerText || e.value || e.getAttribute('aria-label') || '').trim().replace(/\s+/g, ' ').slice(0, 60),
      href: e.getAttribute('href'),
      selector,
      region,
      rect: { x: Math.round(r.x), y: Math.round(r.y), w: Math.round(r.width), h: Math.round(r.height) },
      viewport: { w: innerWidth, h: innerHeight },
      visible: cs.visibility !== 'hidden' && parseFloat(cs.opacity) > 0 && r.width > 0 && r.height > 0,
      inViewport,
      unobscured,
      indicator: hasOutline || !!hasShadow,
      outline: `${cs.outlineStyle} ${cs.outlineWidth} ${cs.outlineColor}`,
      boxShadow: cs.boxShadow,
      isBody: e === document.body,
    };
  });
}

/** A one-line description for failure messages. */
export function describe(f) {
  return `${f.selector} "${f.text}" (${f.region}, at ${f.rect.x},${f.rect.y} ${f.rect.w}×${f.rect.h} in ${f.viewport.w}×${f.viewport.h}; outline: ${f.outline}; box-shadow: ${f.boxShadow})`;
}

/** Fails unless the focused element F is visible, inside the viewport, not
 *  covered, and drawn with a focus indicator. */
export function assertVisibleFocus(assert, url, f) {
  assert.ok(!f.isBody, `${url}: focus fell back to <body>`);
  assert.ok(f.visible, `${url}: focused element is not visible: ${describe(f)}`);
  assert.ok(f.inViewport, `${url}: focused element is outside the viewport: ${describe(f)}`);
  assert.ok(f.unobscured, `${url}: focused element is covered by another element: ${describe(f)}`);
  assert.ok(f.indicator, `${url}: focused element has no focus indicator (outline or box-shadow): ${describe(f)}`);
}
