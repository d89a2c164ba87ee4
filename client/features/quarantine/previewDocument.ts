/**
 * Wraps sanitised message HTML for a sandboxed iframe. The frame has no scripts and no same-origin
 * access; the CSP inside it also blocks every request except images the user asked for.
 */
export function previewDocument(html: string, allowRemoteImages: boolean, dark: boolean): string {
  const img = allowRemoteImages ? 'data: https: http:' : 'data:';
  const csp = `default-src 'none'; img-src ${img}; style-src 'unsafe-inline'; form-action 'none'; base-uri 'none'`;
  const colors = dark ? 'body{background:#fafaf9;color:#1c1917}' : '';
  return `<!doctype html><html><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="${csp}">`
    + `<meta name="referrer" content="no-referrer"><base target="_blank">`
    + `<style>body{font-family:system-ui,sans-serif;margin:8px;overflow-wrap:anywhere}img{max-width:100%;height:auto}${colors}</style>`
    + `</head><body>${html}</body></html>`;
}
