import { html, type SafeHtml } from './html.js';

const NAV = [
  ['jobs', 'Jobs'],
  ['documents', 'Documents'],
  ['dlq', 'Dead letters'],
  ['pipeline', 'Pipeline'],
] as const;

export type Section = (typeof NAV)[number][0] | 'key';

/**
 * The page shell. Everything reads without JavaScript (links, forms, reload buttons); htmx and its SSE
 * extension, served by the api itself, add live updates. `lang` is set on the page and on every piece of
 * text whose language the read model knows.
 */
export function layout(opts: { title: string; titleLang?: string; section: Section; body: SafeHtml; keySet: boolean }): string {
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${opts.title} · Winnow console</title>
<link rel="stylesheet" href="/console/assets/console.css">
<script src="/console/assets/htmx.min.js" defer></script>
<script src="/console/assets/sse.js" defer></script>
</head>
<body>
<a class="skip" href="#main">Skip to content</a>
<header>
<nav aria-label="Console sections"><strong>Winnow</strong>
${NAV.map(([id, label]) => html`<a href="/console/${id}"${opts.section === id ? html` aria-current="page"` : ''}>${label}</a>`)}
<a href="/console/key"${opts.section === 'key' ? html` aria-current="page"` : ''}>${opts.keySet ? 'API key: set' : 'API key'}</a>
</nav>
</header>
<main id="main">
<h1${opts.titleLang ? html` lang="${opts.titleLang}"` : ''}>${opts.title}</h1>
${opts.body}
</main>
</body>
</html>`.value;
}
