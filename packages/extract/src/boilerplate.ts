import type { Element } from './tree.js';

/** Tags that hold page chrome, not article text. */
const CHROME_TAGS = new Set(['nav', 'aside', 'footer', 'menu', 'form', 'fieldset', 'label', 'figcaption', 'dialog']);

const CHROME_ROLES = new Set([
  'navigation', 'banner', 'complementary', 'contentinfo', 'menu', 'menubar', 'toolbar', 'dialog', 'alertdialog',
  'search', 'tablist', 'tooltip',
]);

/**
 * Class/id words of page chrome. Matched inside compound names too (`relatedArticles`, `share-bar`), so
 * only words that rarely occur in a content container's name are listed.
 */
const CHROME_WORDS =
  /comment|disqus|repl(?:y|ies)|sidebar|related|share|sharing|social|newsletter|subscri|outbrain|taboola|recommend|popular|trending|mostread|most-read|breadcrumb|promo|sponsor|advert|cookie|consent|gdpr|modal|popup|signup|sign-up|paywall|masthead|navbar|navigation|menu|footer|pagination|pager|toolbar|banner|skyscraper|byline|author-?bio|authorinfo|about-?author|tags?-?list|taglist|post-?tags|article-?tags|keywords|print-?only|screen-reader|sr-only|visually-?hidden|caption|credit|copyright|jump-?link|read-?more|readmore|more-?stories|also-?read|see-?also|next-?article|prev-?article|follow|reaction|rating|revenue|adsbygoogle|adsense|dablewidget|another_category|postbtn|tt-?plugin|blog-?menu|prev-?next|uppermenu|blogmenu|opinion-?list|liveblog-?nav|toc-?widget|references|bibliograph|author-?(?:box|info|description)|autor-?box|disclaimer|disclosure/i;

/** Short words matched as whole tokens only (`ad` but not `head`, `nav` but not `canvas`). */
const CHROME_TOKENS = new Set([
  'ad', 'ads', 'adv', 'advt', 'nav', 'tag', 'tags', 'meta', 'share', 'header', 'hide', 'print', 'sns', 'extra',
  'aside', 'teaser', 'teasers', 'dfp', 'gpt', 'related', 'photo', 'image', 'img', 'figure', 'video', 'audio',
  'embed', 'player', 'login', 'search', 'date', 'time', 'timestamp', 'dateline', 'tools', 'utility', 'widget',
  'utilities', 'alert', 'lnb', 'gnb', 'snb', 'rss', 'authors',
]);

/** Names that mark an element as the probable article container. */
const CONTENT_WORDS =
  /article|body|content|entry|main|post|story|text|blog|news|column|se-main-container|tt_article|hentry|prose|markdown|detail/i;

const STRONG_CONTENT = /articlebody|article-body|article_body|post-?body|entry-?content|post-?content|story-?body|article-?content|article-?text|story-?content|main-?content|se-main-container|tt_article_useless_p_margin|articleview|article_view|news_?body|newsct_article|dic_area|itemprop-articlebody/i;

/** Generated ids and hashed class names (`KTBOEWS2SNBALNLWH3URI3DN5I`, `css-1x2y3z`) say nothing. */
const GENERATED = /^(?=[\w-]*\d)[A-Za-z0-9]{12,}$|^(?:css|sc|jsx|emotion)-[\w-]+$/;

function nameOf(el: Element): string {
  const a = el.attrs;
  const id = a.id === undefined || GENERATED.test(a.id) ? '' : a.id;
  return `${a.class ?? ''} ${id}`;
}

function tokensOf(name: string): string[] {
  return name.toLowerCase().split(/[\s_-]+/).filter((t) => t.length > 0);
}

/** Readability-style class weight: positive for content names, negative for chrome names. */
export function classWeight(el: Element): number {
  const name = nameOf(el);
  if (name.length <= 1) return 0;
  let w = 0;
  if (STRONG_CONTENT.test(name)) w += 40;
  else if (CONTENT_WORDS.test(name)) w += 25;
  if (isChromeName(name)) w -= 25;
  if (el.attrs.itemprop === 'articleBody') w += 40;
  return w;
}

/**
 * Judged class by class: one class that names content and nothing else (`article`, `entry-content`)
 * keeps the element; otherwise one class that names chrome marks it (`related-articles`, `share-bar`).
 */
const nameCache = new Map<string, Verdict>();

/** 0: no chrome name; 1: chrome by a short token only (`image`, `meta`, `widget`); 2: chrome by a chrome word. */
type Verdict = 0 | 1 | 2;

function nameVerdict(name: string): Verdict {
  const cached = nameCache.get(name);
  if (cached !== undefined) return cached;
  const verdict = judgeName(name);
  if (nameCache.size > 20000) nameCache.clear();
  nameCache.set(name, verdict);
  return verdict;
}

function isChromeName(name: string): boolean {
  return nameVerdict(name) !== 0;
}

/** True when an element is named chrome only by a short token, a guess that prose inside it outweighs. */
export function isWeakChromeName(el: Element): boolean {
  return nameVerdict(nameOf(el)) === 1;
}

function judgeName(name: string): Verdict {
  let strongChrome = false;
  let weakChrome = false;
  let strongContent = false;
  let weakContent = false;
  for (const cls of name.split(/\s+/)) {
    if (cls === '') continue;
    const strong = CHROME_WORDS.test(cls);
    const weak = !strong && tokensOf(cls).some((t) => CHROME_TOKENS.has(t));
    const content = STRONG_CONTENT.test(cls) ? 2 : CONTENT_WORDS.test(cls) ? 1 : 0;
    if (strong) strongChrome = true;
    if (weak) weakChrome = true;
    if (!strong && !weak && content === 2) strongContent = true;
    if (!strong && !weak && content === 1) weakContent = true;
  }
  // A content name outweighs a weak chrome word (`post tag-news`), only a strong one outweighs a
  // strong chrome word (`rail--trending theme-news` is a trending rail).
  if (strongContent) return 0;
  if (strongChrome) return 2;
  return weakChrome && !weakContent ? 1 : 0;
}

/**
 * Why an element's whole subtree is page chrome, judged by its own tag and attributes: `tag` (tag, role,
 * hidden) is certain; `name` (class or id) is a guess the caller may overrule.
 */
export function chromeKind(el: Element): 'tag' | 'name' | null {
  const a = el.attrs;
  if (CHROME_TAGS.has(el.tag)) return 'tag';
  if (a.hidden !== undefined || a['aria-hidden'] === 'true') return 'tag';
  const style = a.style;
  if (style && /display\s*:\s*none|visibility\s*:\s*hidden/i.test(style)) return 'tag';
  const role = a.role;
  if (role && CHROME_ROLES.has(role.toLowerCase())) return 'tag';
  if (el.tag === 'body' || el.tag === 'html' || el.tag === 'article' || el.tag === 'main') return null;
  if (a.itemprop === 'articleBody') return null;
  const name = nameOf(el);
  if (name.length <= 1) return null;
  if (STRONG_CONTENT.test(name)) return null;
  return isChromeName(name) ? 'name' : null;
}

/** Comment sections and author boxes stay chrome even when they outweigh the article. */
export function isCommentName(el: Element): boolean {
  return /comment|disqus|reply|replies|댓글|author-?(?:bio|box|info|description)|about-?author|autor-?box/i.test(nameOf(el));
}

/** Lines that are chrome whatever element holds them. */
const CHROME_LINE =
  /^(?:advertisement|advertisements|advertising|advert|adverts|sponsored(?: content)?|ad|ads|share(?: this(?: article| story)?)?|share on \w+|tweet|email|print|comments?|\d+ comments?|related(?: articles| stories| posts| content)?:?|read more:?|more:?|click here.*|continue reading.*|follow us.*|sign up.*|subscribe.*|loading\.*|skip to .*|back to top|top|kommentare?(?: schreiben| insgesamt:?)?|kommentieren|kommentar schreiben|comentarios?|commentaires?|(?:rezept |artikel |beitrag )?drucken|imprimir|imprimer|advertising disclosure|(?:möchten sie )?(?:den |diesen )?(?:artikel|beitrag) teilen\??|728x90|300x250|320x100|160x600|970x90|반응형|광고|광고 영역|스폰서|AD|공유하기|구독하기|좋아요(?: \d+)?|신고하기|댓글(?: \d+)?|댓글쓰기|이 글을 공유합니다|URL 복사|카카오톡 공유|페이스북 공유|트위터 공유|블로그 공유|본문 바로가기|맨 위로|기사 추천|글자크기.*|\d+ min(?:ute)?s?\.? read(?:ing time)?|(?:lesezeit|reading time|tiempo de lectura|temps de lecture):? ?(?:ca\. )?\d+ min(?:uten?|utos|\.)?|\d+ min(?:uten?|utos)?\.? (?:lesezeit|de lectura|de lecture))$/i;

/** Notes a page leaves for readers without JavaScript, and leftover CMS shortcodes. */
const SCRIPT_NOTE = /(?:requires|enable|turn on|needs?)\s+javascript|javascript (?:is )?(?:disabled|required)|^\[\w+[^\]]*\].*\[\/\w+\]$/i;

/** Promotions for newsletters, apps and channels; Korean news's `▶`/`☞` link lines. */
const PROMO =
  /^follow\b.{0,60}\bon (?:twitter|facebook|instagram|linkedin|telegram|youtube)\b|\bfollow (?:him|her|them|us|me) on (?:twitter|facebook|instagram|linkedin)\b|^(?:síguenos|siguenos|suivez-nous|folge uns|folgt uns|obserwuj nas)\b|\bcanal de (?:youtube|telegram|whatsapp)\b|^(?:unterstütze|unterstützen sie) (?:uns|unsere?n?)\b|^join our\b.{0,80}\b(?:forums?|community|newsletter)\b|\b(?:sign up|subscribe|signing up)\b.{0,120}\b(?:newsletter|inbox|e-?mail|updates)\b|\bnewsletter\b.{0,60}\b(?:sign up|subscribe)\b|^[▶☞▷►]|\b(?:hazte (?:miembro|socio)|apóyanos|support (?:us|our journalism)|become a (?:member|patron|supporter))\b|구독하세요|구독하기|채널\s*추가|메인에서.{0,20}(?:구독|만나보세요)|앱\s*다운로드|제보하기|기사제보/i;

/** Photo captions and credits: `Photo: Jane Roe`, `photos © Site, 2018`, Korean `▲ …` and `(사진=…)` lines. */
const CAPTION = /^(?:photos?|images?|pictures?|credits?|illustration)\s*(?:by\b|:|©)|^(?:abbildung|abb\.|grafik|figure|fig\.)\s*\d*\s*:|\b(?:photos?|images?|pictures?)\s*(?:©|\(c\))|^[▲△]|^\(?\s*사진\s*=|^\[?\s*사진\s*(?:제공|=)/i;

const COPYRIGHT =
  /copyrighted property|written permission|alle rechte vorbehalten|nachdruck (?:nur|verboten)|todos los derechos reservados|prohibida (?:su|la) reproducción|tous droits réservés|무단\s*전재|재배포\s*금지|재배포금지|저작권자\s*[©ⓒ(]|^\s*[©ⓒ]\s|^copyright\b|all rights reserved|\(c\)\s*\d{4}|©\s*\d{4}/i;

/** A labelled metadata line: `Kategorie: News`, `Credit: …`, `Last Modified: …`, `Autoren: …`. */
const LABEL_LINE =
  /^(?:kategorien?|categor(?:y|ies)|categorías?|catégories?|tags?|schlagw(?:ö|oe)rter|stichw(?:ö|oe)rter|etiquetas|themen im artikel|credits?|fotos?|bildquelle|titelbild|beitragsbild|release date|last (?:modified|updated)|aktualisiert am|zuletzt aktualisiert|veröffentlicht am|autor(?:in|en)?|authors?|filed under|posted in)\s*:/i;

/** True for a text block that is chrome: ad markers, share labels, copyright lines. */
export function isChromeText(text: string): boolean {
  const t = text.trim();
  if (t.length === 0) return true;
  if (t.length <= 60 && CHROME_LINE.test(t)) return true;
  if (t.length <= 200 && COPYRIGHT.test(t)) return true;
  if (t.length <= 200 && SCRIPT_NOTE.test(t)) return true;
  if (t.length <= 250 && PROMO.test(t)) return true;
  if (t.length <= 150 && CAPTION.test(t)) return true;
  if (t.length <= 100 && LABEL_LINE.test(t)) return true;
  return false;
}
