import type { Relation, SourceRef } from '@winnow/types';
import type { Decision, DocState, Match, Update } from './decision.js';
import { elect, inverse, type Election } from './elect.js';
import { featuresOf, paragraphUnits, type DocInput, type Features, type ParagraphUnit } from './features.js';
import { coveredParagraphs, novelTextOf } from './novel-text.js';
import { createTemplateCache, siteLineKeys, withoutSiteBoilerplate, type SiteBoilerplate } from './site-boilerplate.js';
import { DEDUP_ERRORS, DedupError } from './dedup-error.js';
import type { Candidate, ClaimResult, IndexStore } from './index-store.js';
import { compare, DEFAULT_THRESHOLDS, type Comparison, type Thresholds } from './verify.js';

/** The dedup index port: judges each document against everything indexed before it. */
export interface Index {
  judge(doc: DocInput): Promise<Decision>;
  get(docId: string): Promise<DocState | null>;
}

export interface IndexOptions {
  thresholds?: Thresholds;
  /** Keep full shingle sets for exact verification (in-memory stores); Redis keeps signatures only. */
  keepShingles: boolean;
  /**
   * Lines learned as a site's template, removed before hashing a page of that site. Absent, pages
   * are judged as they are (`winnow dedup pairs` judges each pair alone, with nothing learned).
   */
  siteBoilerplate?: SiteBoilerplate | undefined;
}

interface Verified {
  candidate: Candidate;
  id: string;
  cmp: Comparison;
  relation: Relation;
  election: Election;
}

const PRIORITY: Record<Relation, number> = { exact: 3, near: 2, contained_by: 1, contains: 1 };

function better(a: Verified, b: Verified): number {
  const p = PRIORITY[b.relation] - PRIORITY[a.relation];
  if (p !== 0) return p;
  const sa = Math.max(a.cmp.scores.containment, a.cmp.scores.containmentOther) + a.cmp.scores.jaccard;
  const sb = Math.max(b.cmp.scores.containment, b.cmp.scores.containmentOther) + b.cmp.scores.jaccard;
  return sb - sa || (a.id < b.id ? -1 : 1);
}

/** The root of a candidate's cluster: its canonical document when it is a duplicate. */
function rootOf(v: Verified): { id: string; clusterId: string } {
  const s = v.candidate.state;
  if (s && s.verdict === 'duplicate') return { id: s.canonicalId, clusterId: s.clusterId };
  return { id: v.id, clusterId: s?.clusterId ?? v.id };
}

function swapScores(c: Comparison): Comparison['scores'] {
  return { jaccard: c.scores.jaccard, containment: c.scores.containmentOther, containmentOther: c.scores.containment };
}

function paragraphSet(f: Features): Set<number> {
  return new Set(f.paragraphs.map((p) => p.hash));
}

function uniqueState(docId: string): DocState {
  return {
    docId,
    verdict: 'unique',
    relation: null,
    canonicalId: docId,
    clusterId: docId,
    scores: null,
    evidence: [],
    sources: [],
    covered: [],
    version: 0,
  };
}

/** Decides this document's state and the changes it makes to earlier documents. */
function decide(doc: DocInput, f: Features, verified: Verified[]): { state: DocState; updates: Update[] } {
  const losses = verified.filter((v) => v.election.original === 'b' && v.relation !== 'contains').sort(better);
  const lost = losses[0];
  if (lost) {
    // Several earlier documents beat this one: the canonical is the one that beats the others too, so
    // that concurrent judgements agree even while some of those documents are still in flight.
    let champion = lost;
    for (const v of losses.slice(1)) {
      const e = elect(v.candidate.features.provenance, champion.candidate.features.provenance, 'near');
      if (e.original === 'a') champion = v;
    }
    const root = rootOf(champion);
    return {
      state: {
        docId: doc.docId,
        verdict: 'duplicate',
        relation: champion.relation,
        canonicalId: root.id,
        clusterId: root.clusterId,
        scores: champion.cmp.scores,
        evidence: [...champion.cmp.evidence, champion.election.reason],
        sources: [],
        covered: [],
        version: 0,
      },
      updates: [],
    };
  }
  const state = uniqueState(doc.docId);
  const updates: Update[] = [];
  const sourceParagraphs = new Set<number>();
  const sourceShingles: Uint32Array[] = [];
  for (const v of [...verified].sort(better)) {
    const other = v.candidate.features;
    if (v.election.original === 'b') {
      // This document embeds an original and adds text of its own: it stays unique and lists it.
      const root = rootOf(v);
      if (state.sources.some((s) => s.id === root.id)) continue;
      state.sources.push({ id: root.id, relation: 'contains', containment: v.cmp.scores.containmentOther });
      for (const h of paragraphSet(other)) sourceParagraphs.add(h);
      if (other.shingles) sourceShingles.push(other.shingles);
      state.evidence.push(v.election.reason);
      continue;
    }
    const theirs = v.candidate.state;
    if (theirs && theirs.verdict === 'duplicate') continue; // its own canonical is judged on its own
    if (v.relation === 'contained_by') {
      // The other document embeds this original: it stays unique and gains this one as a source.
      const ownParagraphs = new Set(f.paragraphs.map((p) => p.hash));
      const covered = other.paragraphs.filter((p) => ownParagraphs.has(p.hash)).map((p) => p.hash);
      const source: SourceRef = { id: doc.docId, relation: 'contains', containment: v.cmp.scores.containment };
      updates.push({ kind: 'add_source', docId: v.id, source, covered });
      continue;
    }
    updates.push({
      kind: 'demote',
      state: {
        docId: v.id,
        verdict: 'duplicate',
        relation: inverse(v.relation),
        canonicalId: doc.docId,
        clusterId: doc.docId,
        scores: swapScores(v.cmp),
        evidence: [...v.cmp.evidence, v.election.reason],
        sources: [],
        covered: [],
        version: 0,
      },
    });
  }
  if (state.sources.length > 0) {
    state.covered = coveredParagraphs(doc.text, sourceParagraphs, sourceShingles);
    state.evidence = ['contains', ...new Set(state.evidence)];
  }
  return { state, updates };
}

function matchOf(verified: Verified[]): Match | null {
  const best = [...verified].sort(better)[0];
  return best ? { id: best.id, relation: best.relation, scores: best.cmp.scores } : null;
}

/** The document as it is hashed, and its paragraphs: without the lines of its site's template. */
function judgedForm(doc: DocInput, units: readonly ParagraphUnit[], template: ReadonlySet<string>): { doc: DocInput; units: readonly ParagraphUnit[] } {
  const kept = withoutSiteBoilerplate(units, template);
  return kept === units ? { doc, units } : { doc: { ...doc, text: kept.map((p) => p.raw).join('\n') }, units: kept };
}

/** Tries at claiming a page whose store keeps correcting the site template it was judged without. */
const TEMPLATE_ATTEMPTS = 3;

// Novel text is cut from the text as published (template lines included), as the service does when
// it republishes an earlier document from its stored text and covered paragraph hashes.
function novelText(doc: DocInput, state: DocState): string | null {
  return state.verdict === 'unique' && state.sources.length > 0 ? novelTextOf(doc.text, state.covered) : null;
}

/** An Index over any store; the in-memory and Redis indexes differ only in their store. */
export function createIndex(store: IndexStore, options: IndexOptions): Index {
  const thresholds = options.thresholds ?? DEFAULT_THRESHOLDS;
  const templates = createTemplateCache();

  /** Computes the features of the document as judged (site template removed) and claims it. */
  async function claimed(doc: DocInput): Promise<{ judged: DocInput; f: Features; claim: Exclude<ClaimResult, { kind: 'template' }> }> {
    const units = paragraphUnits(doc.text);
    if (store.recordsSiteLines && doc.site) {
      // The store records the page's lines with the claim, and refuses a guess of the template
      // that differs from its answer; the next try uses that answer, which it then gives again.
      const keys = siteLineKeys(units);
      let assumed = templates.assumed(doc.site, keys);
      for (let attempt = 1; attempt <= TEMPLATE_ATTEMPTS; attempt++) {
        const form = judgedForm(doc, units, new Set(assumed));
        const f = featuresOf(form.doc, options.keepShingles, form.units);
        const claim = await store.claim(f, { site: doc.site, keys, assumed });
        if (claim.kind !== 'template') return { judged: form.doc, f, claim };
        templates.learn(doc.site, keys, claim.learned);
        assumed = keys.filter((k) => claim.learned.has(k));
      }
      throw new DedupError(DEDUP_ERRORS.templateUnsettled, `site template of ${doc.site} kept changing while ${doc.docId} was claimed`);
    }
    const template = options.siteBoilerplate && doc.site ? await options.siteBoilerplate.observe(doc.site, doc.docId, siteLineKeys(units)) : new Set<string>();
    const form = judgedForm(doc, units, template);
    const f = featuresOf(form.doc, options.keepShingles, form.units);
    const claim = await store.claim(f);
    if (claim.kind === 'template') throw new DedupError(DEDUP_ERRORS.templateUnsettled, `a store answered a claim without site lines with a template (${doc.docId})`);
    return { judged: form.doc, f, claim };
  }

  return {
    async judge(doc) {
      const { judged, f, claim } = await claimed(doc);
      if (claim.kind === 'alone') return { docId: doc.docId, redelivered: false, state: claim.state, match: null, novelText: null, changed: [] };
      if (claim.kind === 'redelivered') {
        const s = claim.state;
        const match: Match | null =
          s.verdict === 'duplicate' && s.relation && s.scores
            ? { id: s.canonicalId, relation: s.relation, scores: s.scores }
            : null;
        return { docId: doc.docId, redelivered: true, state: s, match, novelText: novelText(doc, s), changed: claim.changed };
      }
      const verified: Verified[] = [];
      for (const candidate of claim.candidates) {
        const cmp = compare(f, candidate.features, thresholds);
        if (!cmp.relation) continue;
        const election = elect(f.provenance, candidate.features.provenance, cmp.relation);
        verified.push({ candidate, id: candidate.features.provenance.docId, cmp, relation: cmp.relation, election });
      }
      const { state, updates } = decide(judged, f, verified);
      const committed = await store.commit(state, updates);
      return {
        docId: doc.docId,
        redelivered: false,
        state: committed.state,
        match: matchOf(verified),
        novelText: novelText(doc, committed.state),
        changed: committed.changed,
      };
    },
    get: (docId) => store.get(docId),
  };
}
