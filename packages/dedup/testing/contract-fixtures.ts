/**
 * Texts written for the contract suite and unit tests (no publisher text is copied into the repo):
 * an English and a Korean news article, a blog comment, a same-topic article and a shared template.
 */

export const EN_ARTICLE = [
  'The city council voted on Tuesday to convert the disused rail yard east of the river into a public park, ending a decade of debate over one of the largest empty plots in the metropolitan area.',
  'Under the plan approved by a seven to two vote, the first phase will open in three years and include a wetland that stores storm water, two football pitches and a cycle path that links the northern and southern districts.',
  'Supporters said the park would cool a neighbourhood that records some of the highest summer temperatures in the region, while opponents argued that the land should have been sold to housing developers to ease the shortage of affordable homes.',
  'The council estimates the cost of the first phase at forty million, most of it covered by a regional climate adaptation fund. Residents will be invited to vote on the design of the playgrounds and the name of the park next spring.',
  'The mayor, who had campaigned for the project since her first term, called the vote a promise kept and thanked the residents who had planted trees on the site every year as a form of protest.',
].join('\n\n');

export const EN_SAME_TOPIC = [
  'A plan to turn the old freight depot into green space cleared its final hurdle this week after councillors backed the proposal despite concerns about its budget.',
  'Officials said the new park would feature ponds designed to absorb heavy rain, sports fields and a bike route, and that construction could begin as early as next year.',
  'Critics on the council had pushed for homes on the site instead, saying the city cannot afford to leave prime land to lawns while rents keep climbing.',
  'The project is expected to be funded largely by a regional grant for climate resilience, with the remaining cost shared between the city and private sponsors.',
].join('\n\n');

export const EN_COMMENT = [
  'My two cents: this is the best news our neighbourhood has had in years. I walk past that fence every morning and the only green thing there is the graffiti.',
  'I do worry that the wetland will turn into a mosquito farm if nobody maintains it, and I hope the council publishes a maintenance budget before the design vote. Still, a park beats another parking lot.',
].join('\n\n');

export const KO_ARTICLE = [
  '[한빛일보] 지방자치단체들이 인구 감소에 대응하기 위해 청년 주거 지원 사업을 잇달아 확대하고 있다. 일부 군 지역은 월세 전액을 2년간 지원하는 파격적인 조건까지 내걸었다.',
  '행정안전부에 따르면 올해 청년 주거 지원 예산을 편성한 기초자치단체는 150곳으로 지난해보다 30곳 늘었다. 지원 대상 연령도 만 34세에서 만 39세로 넓히는 곳이 많아졌다.',
  '전문가들은 주거 지원만으로는 청년 유출을 막기 어렵다고 지적한다. 양질의 일자리와 교육, 의료 기반이 함께 갖춰지지 않으면 지원 기간이 끝난 뒤 다시 도시로 떠난다는 것이다.',
  '한 지방 연구원 관계자는 "단기 현금 지원보다 지역 기업과 연계한 장기 정착 프로그램이 필요하다"며 "성공 사례를 공유하는 광역 협의체도 만들어야 한다"고 말했다. /김하늘기자 sky@example.com',
].join('\n\n');

export const KO_COMMENT = [
  '이 기사를 읽고 느낀 점을 적어 봅니다. 저도 작년에 고향으로 돌아가려다 결국 포기했는데, 집보다 일자리가 더 큰 문제였습니다.',
  '월세 지원은 분명 고마운 제도지만 2년 뒤에 무엇을 하며 살지가 보이지 않으면 선뜻 내려가기 어렵습니다. 지역 기업과 함께하는 정착 프로그램이 정말 생기면 좋겠네요.',
].join('\n\n');

const TEMPLATE_LINES = [
  'Sign up for the Morning Ledger newsletter and get the stories that matter delivered to your inbox before breakfast.',
  'The Morning Ledger is an independent newsroom funded by readers. Our journalism is free to read because readers like you choose to support it.',
];

/** A page of a site: its own short body inside the site's template. */
export function templated(body: string): string {
  return [TEMPLATE_LINES[0], body, TEMPLATE_LINES[1]].join('\n\n');
}

export const EN_TEMPLATE_BODY_A =
  'The harbour authority will close the north pier for repairs from Monday. Ferries will use the temporary dock next to the fish market until the work ends in October.';
export const EN_TEMPLATE_BODY_B =
  'A local bakery won the national bread prize for its rye loaf, beating more than three hundred entries. The owners said they would use the prize money to train two apprentices.';

/** A blog repost: platform chrome, citation lines, the whole article, then the blogger's comment. */
export function repost(article: string, comment: string, citation: string): string {
  return ['728x90', '반응형', citation, article, comment, '공유하기', '728x90'].join('\n\n');
}

/** Light edits spread over a text: a few words changed, as a copying site does. */
export function lightlyEdited(text: string): string {
  return text
    .replace('Tuesday', 'Tuesday evening')
    .replace('forty million', '40 million')
    .replace('지난해보다', '작년보다')
    .replace(/\n\n/g, '\n\n\n');
}

const WORDS =
  'river market winter council bridge harvest engine signal garden school window copper silver lantern forest harbor village orchard meadow thunder station museum canyon ferry island tunnel valley glacier desert prairie festival library theatre factory quarry mill chapel tower castle palace cottage cabin barn stable farm field hill mountain ocean lake pond stream brook spring summer autumn morning evening night noon midnight dawn dusk storm rain snow wind cloud sun moon star planet comet galaxy engineer teacher doctor farmer baker painter writer singer dancer sailor pilot driver builder miner weaver potter tailor cobbler merchant banker lawyer judge mayor soldier knight scholar student artist'.split(
    ' ',
  );

/** Deterministic filler text, distinct per seed: distinct documents share (almost) no 5-grams. */
export function syntheticText(seed: number, words = 160): string {
  let s = (seed * 2654435761) >>> 0 || 1;
  const out: string[] = [];
  for (let i = 0; i < words; i++) {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    out.push(WORDS[s % WORDS.length]!);
    if (i % 40 === 39) out.push('.\n\n');
  }
  return out.join(' ');
}

/** A news site's template around each article: a newsletter blurb, related links, a footer. */
export const SITE_TEMPLATE_TOP = [
  'Sign up for the Harbour Gazette daily briefing: the five stories you need to know, in your inbox every weekday morning at seven.',
  'Related: Council approves the new ferry timetable | Fish market reopens after the winter storms | Letters to the editor this week',
];
export const SITE_TEMPLATE_BOTTOM = [
  'The Harbour Gazette is an independent local newspaper. Support our reporting with a subscription from two pounds a month, cancel any time.',
  'Got a story? Contact the newsroom at news@harbour-gazette.example or call us on weekdays between nine and five, we read every message.',
  'Most read: Storm damage along the coast road | Harbour master retires after thirty years | School fete raises a record sum for the library',
];

/** A page of the Harbour Gazette: its own body inside the site's template. */
export function sitePage(body: string): string {
  return [...SITE_TEMPLATE_TOP, body, ...SITE_TEMPLATE_BOTTOM].join('\n\n');
}
