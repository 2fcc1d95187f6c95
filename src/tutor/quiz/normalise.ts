// Turns a free-text answer into comparable tokens: lower case, Kubernetes spellings folded into one form
// (api server / apiserver / kube-apiserver → "apiserver"), contractions opened ("isn't" → "is not"),
// stop words dropped, and word endings cut with the Porter stemmer — except for the Kubernetes words whose
// stems would collide ("controllers" and "control" both stem to "control"; "etc" must never become "etcd").
import { stemmer } from 'stemmer';

export interface Token {
  /** The normalised, stemmed form. */
  t: string;
  /** Sentence number: a concept's words must all sit in one sentence. */
  sentence: number;
  /** Clause number (commas, "but"): a "not" reaches only as far as its clause. */
  clause: number;
  /** Index in the token list. */
  i: number;
}

// Phrase-level spellings, applied in order on lower-cased text before it is split into words.
const SPELLINGS: Array<[RegExp, string | ((m: string) => string)]> = [
  [/[\u2018\u2019\u02bc`]/g, "'"],
  [/\bcan['\u2019]?t\b/g, 'can not'],
  [/\bwon['\u2019]?t\b/g, 'will not'],
  [/n't\b/g, ' not'],
  [/\b(isnt|doesnt|dont|arent|wasnt|werent|didnt|shouldnt|wouldnt|hasnt|havent)\b/g, (m: string) => `${m.slice(0, -2)} not`],
  [/\bcannot\b/g, 'can not'],
  [/'s\b/g, ''],
  [/\bk8s\b/g, 'kubernetes'],
  [/\bkube[-\s]?controller[-\s]?managers?\b/g, ' controllermanager '],
  [/\bcontroller[-\s]managers?\b/g, ' controllermanager '],
  [/\bcloud[-\s]controller[-\s]?managers?\b/g, ' cloudcontrollermanager '],
  [/\bkube[-\s]?api[-\s]?servers?\b/g, ' apiserver '],
  [/\bapi[-\s]?servers?\b/g, ' apiserver '],
  [/\bkube[-\s]?schedulers?\b/g, ' scheduler '],
  [/\bkube[-\s]?prox(y|ies)\b/g, ' kubeproxy '],
  [/\breplica[-\s]?sets?\b/g, ' replicaset '],
  [/\bstateful[-\s]?sets?\b/g, ' statefulset '],
  [/\bdaemon[-\s]?sets?\b/g, ' daemonset '],
  [/\bresource[-\s]?versions?\b/g, ' resourceversion '],
  [/\bb\s*\+\s*-?\s*trees?\b/g, ' btree '],
  [/\bb-?trees?\b/g, ' btree '],
  [/\bo\s*\(\s*log\s*\(?\s*n\s*\)?\s*\)/g, ' ologn '],
  [/\blog\s*\(?\s*n\s*\)?\s+time\b/g, ' ologn time '],
  [/\blogarithmic\b/g, ' ologn '],
  [/\bfan(s|ned|ning)?[-\s]?out\b/g, ' fanout '],
  [/\bkey[-\s/]value\b/g, ' keyvalue '],
  [/\bkv\b/g, ' keyvalue '],
  [/\bin[-\s]memory\b/g, ' inmemory '],
  [/\bself[-\s]heal(ing|s|ed)?\b/g, ' selfheal '],
  [/\bhigh(ly)?[-\s]availab(le|ility)\b/g, ' ha '],
  [/\bcluster\s?ip\b/g, ' clusterip '],
  [/\bnode\s?port\b/g, ' nodeport '],
  [/\bip\s?tables\b/g, ' iptables '],
  [/\bip\s?vs\b/g, ' ipvs '],
  [/\bcontrol[-\s]loops?\b/g, ' controlloop '],
  [/\bwork[-\s]?queues?\b/g, ' workqueue '],
  [/\bnot\s?ready\b/g, ' notready '],
  [/\bno\s?schedule\b/g, ' noschedule '],
  [/\bno\s?execute\b/g, ' noexecute '],
  [/\brather than\b/g, ' instead '],
  [/\betc\.(?=\s|$|,|\))/g, ' etc , '],
  [/\be\.g\.|\bi\.e\./g, ' , '],
];

const STOP = new Set(
  ('a an the of to is are was were be been being it its this that these those in on at by for from with as and or ' +
    'so then than there their they them he she we you your our us i me my do does did will would ' +
    'can could should may might must just also very really which who whom what when where how into onto about ' +
    'each every any all some such if else up out over under again same own too only one s t').split(' '),
);
// Words kept even though they look like stop words: they carry the meaning of a claim.
for (const keep of ['only', 'all', 'every', 'one', 'out']) STOP.delete(keep);

export const NEGATORS = new Set(['not', 'no', 'never', 'nothing', 'without', 'neither', 'nor', 'none', 'instead', 'nobody', 'unlike']);
const CLAUSE_BREAKERS = new Set(['but', 'however', 'whereas', 'although', 'though']);

// Words whose Porter stems collide or split; mapped to one fixed form before stemming.
const LEMMA: Record<string, string> = {
  controller: 'controller', controllers: 'controller',
  scheduler: 'scheduler', schedulers: 'scheduler', schedular: 'scheduler',
  reconcile: 'reconcil', reconciles: 'reconcil', reconciled: 'reconcil', reconciling: 'reconcil',
  reconciliation: 'reconcil', reconciliations: 'reconcil', reconciler: 'reconcil', reconcilers: 'reconcil',
  etcd: 'etcd', etc: 'etc', etcdctl: 'etcdctl',
  kubelet: 'kubelet', kubelets: 'kubelet', kublet: 'kubelet', kubelete: 'kubelet',
  informer: 'informer', informers: 'informer',
  watcher: 'watcher', watchers: 'watcher',
  indices: 'index', indexes: 'index', indexed: 'index', indexing: 'index',
  nodes: 'node', pods: 'pod', apiserver: 'apiserver',
  replicas: 'replica', replica: 'replica',
  leader: 'leader', leaders: 'leader',
  data: 'data', datum: 'data',
  polled: 'poll', polling: 'poll', polls: 'poll',
  queries: 'queri', querying: 'queri', queried: 'queri', query: 'queri',
  memory: 'memori', memories: 'memori',
  broadcasts: 'broadcast', broadcasting: 'broadcast', rebroadcast: 'broadcast', rebroadcasts: 'broadcast',
  rebroadcasting: 'broadcast', relay: 'broadcast', relays: 'broadcast', relayed: 'broadcast',
  pushes: 'push', pushed: 'push', pushing: 'push',
  streams: 'stream', streamed: 'stream', streaming: 'stream',
};

// Negators are matched as written, so they are never stemmed ("nothing" must not become "noth").
for (const n of NEGATORS) LEMMA[n] = n;

export function stem(word: string): string {
  return LEMMA[word] ?? stemmer(word);
}

/** Splits and normalises a text into tokens with sentence and clause numbers. */
export function tokenize(text: string): Token[] {
  // A lone line break is a wrapped line; a blank line or a new bullet ends a sentence.
  let s = ` ${text.toLowerCase().replace(/\n\s*(\n|[-*•]\s|\d+[.)]\s)/g, ' ; ').replace(/\s+/g, ' ')} `;
  for (const [re, to] of SPELLINGS) s = s.replace(re, to as (m: string) => string);
  const tokens: Token[] = [];
  let sentence = 0;
  let clause = 0;
  // Sentence ends: . ! ? ; newline. Clause ends: , : ( ) and the words of CLAUSE_BREAKERS.
  const parts = s.split(/([.!?;]+(?=\s)|[,:()\u2014\u2013]+|\s-\s)/);
  for (const part of parts) {
    if (part === undefined || part === '') continue;
    if (/^[.!?;]+$/.test(part)) {
      sentence++;
      clause++;
      continue;
    }
    if (/^([,:()\u2014\u2013]+|\s-\s)$/.test(part)) {
      clause++;
      continue;
    }
    for (const raw of part.replace(/[-_/]/g, ' ').replace(/[^a-z0-9+ ]/g, ' ').split(/\s+/)) {
      if (!raw) continue;
      if (CLAUSE_BREAKERS.has(raw)) {
        clause++;
        continue;
      }
      if (STOP.has(raw)) continue;
      tokens.push({ t: stem(raw), sentence, clause, i: tokens.length });
    }
  }
  return tokens;
}

/** The stemmed words of an alias (stop words dropped), as a rubric concept is matched by them. */
const aliasCache = new Map<string, string[]>();
export function aliasTerms(alias: string): string[] {
  let terms = aliasCache.get(alias);
  if (!terms) aliasCache.set(alias, (terms = tokenize(alias).map((t) => t.t)));
  return terms;
}
