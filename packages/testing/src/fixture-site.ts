import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import iconv from 'iconv-lite';

/**
 * A small site on 127.0.0.1 holding every case the foundation must handle: linked pages, a page that
 * robots.txt disallows, an EUC-KR page, an exact copy at a second URL, a 404 and a non-HTML file,
 * and a blog repost of a news article with a comment of its own, linked from the front page, while
 * the article itself is linked only from the repost (so the crawl finds the repost first).
 */
export interface FixtureSite {
  origin: string;
  /** Paths requested so far, in order. */
  requests: string[];
  close(): Promise<void>;
}

const page = (title: string, body: string, links: string[] = []) =>
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title}</title></head><body>
<nav><a href="/">Home</a> | <a href="/a">Alpha</a> | <a href="/b">Beta</a></nav>
<article><h1>${title}</h1>${body}</article>
<ul>${links.map((l) => `<li><a href="${l}">${l}</a></li>`).join('')}</ul>
<footer>Copyright Fixture Press. All rights reserved.</footer></body></html>`;

const para = (...sentences: string[]) => sentences.map((s) => `<p>${s}</p>`).join('\n');

const ARTICLE_A = para(
  'The river authority opened the new northern flood gate on Tuesday after eleven years of planning and two rounds of public hearings about its cost.',
  'Engineers said the gate can hold back a surge three metres higher than the storm of 1998, which flooded more than four thousand homes along the lower valley.',
  'Residents of the harbour district, who had campaigned for the project since the late nineties, gathered on the embankment to watch the first test closure of the steel panels.',
);

const ARTICLE_B = para(
  'A regional orchestra announced a season devoted entirely to composers born in the twentieth century, including six premieres written for the hall.',
  'The conductor said the programme would pair each new work with an older piece so that listeners can hear how ideas travel between generations of musicians.',
  'Tickets for students will cost half the usual price, and rehearsals on Thursday mornings will be open to schools from the surrounding towns.',
);

const ARTICLE_C = para(
  'Volunteers counted more than two hundred species of moth in a single night at the edge of the old quarry, a record for the county survey.',
  'The organisers use white sheets and lamps to attract the insects, photograph each one, and release them before dawn without harm.',
  'Several of the species had not been seen in the area for decades, which the survey team attributes to the quarry being left untouched since it closed.',
);

const INDEX = para(
  'Fixture Press publishes local reporting on infrastructure, culture and nature from the valley towns and the coast.',
  'This front page lists the latest articles from our reporters; older stories can be found in the archive section of the site.',
);

const KOREAN_HTML = `<!doctype html><html lang="ko"><head><meta http-equiv="Content-Type" content="text/html; charset=euc-kr">
<title>지역 도서관, 야간 개관 시간 연장</title></head><body>
<article><h1>지역 도서관, 야간 개관 시간 연장</h1>
<p>시립 도서관이 다음 달부터 평일 개관 시간을 밤 열한 시까지 연장한다고 밝혔다. 직장인과 학생들의 요청이 꾸준히 이어진 결과다.</p>
<p>도서관 측은 야간 이용객을 위해 열람실 조명을 교체하고 안내 인력을 추가로 배치할 계획이라고 설명했다. 인재를 키우는 공간이 되겠다는 것이다.</p>
<p>이용객들은 퇴근 후에도 책을 빌리고 공부할 수 있게 되었다며 반가움을 나타냈다.</p>
</article></body></html>`;

/** A news article in Korean, with its byline and date line, as a paper's site shows it. */
export const NEWS_PARAGRAPHS = [
  '시립 미술관이 지역 작가 열두 명의 작품을 모은 특별전을 이번 주 토요일부터 연다고 밝혔다. 전시는 석 달 동안 이어지며 입장료는 받지 않는다.',
  '미술관 측은 이번 전시가 강변 마을의 풍경과 사람들의 이야기를 담은 회화와 사진, 설치 작품으로 구성된다고 설명했다. 작가들은 지난 일 년 동안 마을 곳곳을 기록했다.',
  '개막일에는 작가와의 대화가 열리고, 매주 수요일 저녁에는 학생들을 위한 해설 프로그램이 마련된다. 미술관은 주말 관람객을 위해 운영 시간을 한 시간 늘리기로 했다.',
];

const NEWS_HTML = `<!doctype html><html lang="ko"><head><meta charset="utf-8"><title>시립 미술관, 지역 작가 특별전 개막 - 밸리일보</title>
<meta property="og:site_name" content="밸리일보"><meta property="article:published_time" content="2026-11-02T09:00:00+09:00"></head><body>
<header><a href="/">밸리일보</a></header>
<article><h1>시립 미술관, 지역 작가 특별전 개막</h1><p class="byline">김하늘 기자 · 입력 2026.11.02 09:00</p>
${NEWS_PARAGRAPHS.map((p) => `<p>${p}</p>`).join('\n')}
</article><footer>ⓒ 밸리일보, 무단전재 및 재배포 금지</footer></body></html>`;

/** The blogger's own words under the reposted article. */
export const BLOG_COMMENT = [
  '지난 주말에 미리 다녀왔는데 강변 사진들이 특히 좋았습니다. 어릴 때 살던 동네가 그대로 담겨 있어서 한참을 서 있었네요.',
  '주차 공간이 좁으니 버스를 타고 가시는 걸 추천합니다. 수요일 해설 프로그램도 아이들과 함께 들어 볼 생각입니다.',
];

const BLOG_HTML = `<!doctype html><html lang="ko"><head><meta charset="utf-8"><title>미술관 특별전 소식 공유합니다 :: 강변 산책 블로그</title></head><body>
<div class="tt_article_useless_p_margin"><p>728x90</p><p>반응형</p>
${NEWS_PARAGRAPHS.map((p) => `<p>${p}</p>`).join('\n')}
<p>출처 : <a href="/news/museum">밸리일보</a></p>
${BLOG_COMMENT.map((p) => `<p>${p}</p>`).join('\n')}
<p>공유하기</p><p>구독하기</p></div></body></html>`;

interface FixtureResponse {
  status: number;
  type: string;
  body: string | Buffer;
}

/** Every path the fixture site answers with something other than its 404 page. */
export const FIXTURE_PATHS = ['/robots.txt', '/', '/blog/museum', '/news/museum', '/a', '/copy-of-a', '/b', '/c', '/private/secret', '/ko', '/report.pdf'];

/** What the fixture site answers at `path`; served from 127.0.0.1 here, and from a container in the compose smoke test. */
export function fixtureResponse(path: string): FixtureResponse {
  const html = (status: number, body: string | Buffer, type = 'text/html; charset=utf-8'): FixtureResponse => ({ status, type, body });
  switch (path) {
    case '/robots.txt':
      return html(200, 'User-agent: *\nDisallow: /private/\n', 'text/plain');
    case '/':
      return html(200, page('Fixture Press', INDEX, ['/blog/museum', '/a', '/b', '/private/secret', '/ko', '/copy-of-a', '/missing', '/report.pdf']));
    case '/blog/museum':
      return html(200, BLOG_HTML);
    case '/news/museum':
      return html(200, NEWS_HTML);
    case '/a':
      return html(200, page('Flood gate opens after eleven years', ARTICLE_A));
    case '/copy-of-a':
      return html(200, page('Flood gate opens after eleven years', ARTICLE_A));
    case '/b':
      return html(200, page('Orchestra plans a season of new music', ARTICLE_B, ['/c']));
    case '/c':
      return html(200, page('Record night for the moth survey', ARTICLE_C));
    case '/private/secret':
      return html(200, page('Private', para('Nobody should fetch this page because robots.txt disallows it.')));
    case '/ko':
      // No charset in the header: the crawler must find EUC-KR in the <meta> tag.
      return html(200, iconv.encode(KOREAN_HTML, 'euc-kr'), 'text/html');
    case '/report.pdf':
      return html(200, Buffer.from('%PDF-1.4\n%fixture\n'), 'application/pdf');
    default:
      return html(404, page('Not found', para('There is no page at this address.')));
  }
}

export async function startFixtureSite(): Promise<FixtureSite> {
  const requests: string[] = [];
  const server: Server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://fixture').pathname;
    requests.push(path);
    const { status, type, body } = fixtureResponse(path);
    res.writeHead(status, { 'content-type': type });
    res.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
