import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import iconv from 'iconv-lite';

/**
 * A small site on 127.0.0.1 holding every case the foundation must handle: linked pages, a page that
 * robots.txt disallows, an EUC-KR page, an exact copy at a second URL, a 404 and a non-HTML file.
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

export const ARTICLE_A = para(
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

export async function startFixtureSite(): Promise<FixtureSite> {
  const requests: string[] = [];
  const server: Server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://fixture').pathname;
    requests.push(path);
    const html = (status: number, body: string | Buffer, type = 'text/html; charset=utf-8') => {
      res.writeHead(status, { 'content-type': type });
      res.end(body);
    };
    switch (path) {
      case '/robots.txt':
        return html(200, 'User-agent: *\nDisallow: /private/\n', 'text/plain');
      case '/':
        return html(200, page('Fixture Press', INDEX, ['/a', '/b', '/private/secret', '/ko', '/copy-of-a', '/missing', '/report.pdf']));
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
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
