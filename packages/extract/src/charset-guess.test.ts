import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { decodeHtml } from './decode.js';

/**
 * Pages written for these tests: a head padded with the scripts and styles real pages carry (so that a
 * late `<meta>` sits past the 1024-byte prescan), a menu, and a few paragraphs of text.
 */
function page(opts: { lang: string; title: string; paragraphs: string[]; meta?: string; metaLate?: boolean }): string {
  const meta = opts.meta === undefined ? '' : `<meta http-equiv="Content-Type" content="text/html; charset=${opts.meta}">`;
  const padding =
    '<script>window.dataLayer = window.dataLayer || []; function gtag(){dataLayer.push(arguments);} gtag("js", new Date());</script>\n' +
    '<link rel="stylesheet" href="/static/css/site.min.css?v=20190412"><link rel="icon" href="/favicon.ico">\n'.repeat(8) +
    '<style>.nav a{color:#333;padding:0 8px}.teaser{margin:0 0 12px}.footer{font-size:12px;color:#777}</style>\n';
  const head = opts.metaLate === true ? `${padding}${meta}` : `${meta}${padding}`;
  return `<!DOCTYPE html><html lang="${opts.lang}"><head>${head}<title>${opts.title}</title></head><body>
<div class="nav"><a href="/">Start</a> <a href="/news">News</a> <a href="/kontakt">Kontakt</a></div>
<article><h1>${opts.title}</h1>${opts.paragraphs.map((p) => `<p>${p}</p>`).join('\n')}</article>
<div class="footer">(c) 2019</div></body></html>`;
}

const encode = (html: string, charset: string): Uint8Array => new Uint8Array(iconv.encode(html, charset));

const german = [
  'Die Gemeinde hat am Donnerstag beschlossen, die Öffnungszeiten der Bücherei zu verlängern. Künftig können Leser auch samstags kommen.',
  'Bürgermeisterin Jäger sagte, die Nachfrage sei größer als erwartet. Über 300 Bürger hätten sich an der Umfrage beteiligt.',
  'Die Kosten für das zusätzliche Personal trägt zunächst der Landkreis; eine Gebühr wird nicht erhoben.',
];

describe('decodeHtml on pages whose declaration is late, missing or wrong', () => {
  it('windows-1252 / ISO-8859-1: a <meta> past byte 1024 is found in the head', () => {
    const html = page({ lang: 'de', title: 'Bücherei öffnet länger', paragraphs: german, meta: 'iso-8859-1', metaLate: true });
    expect(html.indexOf('charset=')).toBeGreaterThan(1024);
    const d = decodeHtml(encode(html, 'latin1'));
    expect(d).toMatchObject({ charset: 'windows-1252', source: 'meta' });
    expect(d.text).toContain('Bürgermeisterin Jäger sagte, die Nachfrage sei größer als erwartet.');
  });

  it('windows-1252: undeclared German text is guessed as Latin, never as Hangul', () => {
    const d = decodeHtml(encode(page({ lang: 'de', title: 'Bücherei öffnet länger', paragraphs: german }), 'windows-1252'));
    expect(d).toMatchObject({ charset: 'windows-1252', source: 'detector' });
    expect(d.text).toContain('Die Kosten für das zusätzliche Personal trägt zunächst der Landkreis');
    expect(d.text).not.toMatch(/[\uac00-\ud7a3]/);
  });

  it('windows-1252: a single short accented line stays Latin', () => {
    for (const line of ['<p>Grüße aus Köln</p>', '<p>café</p>', '<p>Él está aquí, señor.</p>', '<p>Ça va très bien, merci.</p>']) {
      const d = decodeHtml(encode(line, 'latin1'));
      expect(d.charset).toBe('windows-1252');
      expect(d.text).toBe(line);
    }
  });

  it('ISO-8859-2: undeclared Polish text is read as Central European', () => {
    const polish = [
      'Rada miasta zdecydowała w czwartek, że biblioteka będzie otwarta dłużej. Czytelnicy mogą przychodzić także w soboty.',
      'Prezydent miasta powiedział, że zainteresowanie jest większe, niż się spodziewano. Ponad trzystu mieszkańców wzięło udział w ankiecie.',
      'Koszty dodatkowego personelu pokryje na razie powiat; żadnej opłaty nie będzie. Książki można też zamówić przez internet.',
    ];
    const d = decodeHtml(encode(page({ lang: 'pl', title: 'Biblioteka otwarta dłużej', paragraphs: polish }), 'iso-8859-2'));
    expect(['iso-8859-2', 'windows-1250']).toContain(d.charset);
    expect(d.text).toContain('Koszty dodatkowego personelu pokryje na razie powiat; żadnej opłaty nie będzie.');
  });

  it('UTF-8: well-formed UTF-8 bytes outrank a page that wrongly declares ISO-8859-1', () => {
    const html = page({ lang: 'de', title: 'Bücherei öffnet länger', paragraphs: german, meta: 'iso-8859-1' });
    const d = decodeHtml(new TextEncoder().encode(html));
    expect(d).toMatchObject({ charset: 'utf-8', source: 'detector' });
    expect(d.text).toContain('Öffnungszeiten der Bücherei');
  });

  it('UTF-8 declared over Latin-1 bytes: the later, true declaration wins', () => {
    const html = page({ lang: 'de', title: 'Bücherei öffnet länger', paragraphs: german, meta: 'iso-8859-1', metaLate: true }).replace(
      '<head>',
      '<head><meta charset="utf-8">',
    );
    const d = decodeHtml(encode(html, 'latin1'), 'text/html; charset=utf-8');
    expect(d).toMatchObject({ charset: 'windows-1252', source: 'meta' });
    expect(d.text).toContain('Über 300 Bürger');
  });

  it('EUC-KR: undeclared Korean text is detected', () => {
    const korean = [
      '시립 도서관 다섯 곳이 이달부터 평일 운영 시간을 밤 10시까지 늘린다. 직장인 이용자가 늘어난 데 따른 조치다.',
      '시는 지난해 가을부터 이용자 설문을 진행했으며, 응답자의 절반 이상이 저녁 시간 연장을 원했다고 밝혔다.',
      '추가 인력 비용은 시 예산으로 충당하며 이용료는 받지 않는다.',
    ];
    const d = decodeHtml(encode(page({ lang: 'ko', title: '도서관 운영 시간 연장', paragraphs: korean }), 'cp949'));
    expect(d).toMatchObject({ charset: 'euc-kr', source: 'detector' });
    expect(d.text).toContain('응답자의 절반 이상이 저녁 시간 연장을 원했다고 밝혔다.');
  });

  it('Shift_JIS: undeclared Japanese text is detected', () => {
    const japanese = [
      '市立図書館は今月から、平日の開館時間を午後十時まで延長すると発表しました。仕事帰りの利用者が増えたためです。',
      '市は昨年秋から利用者アンケートを実施しており、回答者の半数以上が夜間の延長を希望していたということです。',
      '追加の人件費は市の予算で賄い、利用料は取らないとしています。',
    ];
    const d = decodeHtml(encode(page({ lang: 'ja', title: '図書館の開館時間を延長', paragraphs: japanese }), 'shift_jis'));
    expect(d).toMatchObject({ charset: 'shift_jis', source: 'detector' });
    expect(d.text).toContain('回答者の半数以上が夜間の延長を希望していた');
  });

  const chinese = [
    '市立图书馆本月起将工作日的开放时间延长到晚上十点，这是因为下班后来借书的读者越来越多。',
    '市政府去年秋天开始进行读者问卷调查，一半以上的受访者希望延长晚间开放时间。',
    '增加的人员费用由市财政负担，图书馆不收取任何费用。',
  ];

  it('GB2312 / GBK: a late http-equiv declaration is followed', () => {
    const html = page({ lang: 'zh', title: '图书馆延长开放时间', paragraphs: chinese, meta: 'gb2312', metaLate: true });
    const d = decodeHtml(encode(html, 'gbk'));
    expect(d).toMatchObject({ charset: 'gbk', source: 'meta' });
    expect(d.text).toContain('一半以上的受访者希望延长晚间开放时间');
  });

  it('GB18030: undeclared simplified Chinese text is detected', () => {
    const d = decodeHtml(encode(page({ lang: 'zh', title: '图书馆延长开放时间', paragraphs: chinese }), 'gb18030'));
    expect(d).toMatchObject({ charset: 'gb18030', source: 'detector' });
    expect(d.text).toContain('增加的人员费用由市财政负担');
  });

  it('Big5: undeclared traditional Chinese text is detected', () => {
    const traditional = [
      '市立圖書館本月起將平日的開放時間延長到晚上十點，這是因為下班後來借書的讀者越來越多。',
      '市政府去年秋天開始進行讀者問卷調查，一半以上的受訪者希望延長晚間開放時間。',
      '增加的人員費用由市政府負擔，圖書館不收取任何費用。',
    ];
    const d = decodeHtml(encode(page({ lang: 'zh-TW', title: '圖書館延長開放時間', paragraphs: traditional }), 'big5'));
    expect(d).toMatchObject({ charset: 'big5', source: 'detector' });
    expect(d.text).toContain('一半以上的受訪者希望延長晚間開放時間');
  });

  it('windows-1251: undeclared Russian text is detected', () => {
    const russian = [
      'Городская библиотека с этого месяца будет работать по будням до десяти часов вечера. Причина в том, что читателей после работы стало больше.',
      'Администрация города с прошлой осени проводила опрос читателей, и больше половины ответивших хотели продления вечерних часов.',
      'Дополнительные расходы на персонал покроет городской бюджет, плата с читателей взиматься не будет.',
    ];
    const d = decodeHtml(encode(page({ lang: 'ru', title: 'Библиотека работает дольше', paragraphs: russian }), 'windows-1251'));
    expect(d).toMatchObject({ charset: 'windows-1251', source: 'detector' });
    expect(d.text).toContain('больше половины ответивших хотели продления вечерних часов');
  });
});
