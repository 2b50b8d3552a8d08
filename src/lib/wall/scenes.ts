import type { PanelFilters } from '../contract/filters';
import { isPanelId, type PanelId } from '../contract/panels';
import { HEADLINES, type HeadlineDef } from '../shared/headlines';

/**
 * What the wall shows: one scene at a time, each a chart with its headline numbers beside it.
 * Scenes are named in the URL (?scenes=ai_share,market); a panel id works as a scene too.
 */
export interface Scene {
  id: string;
  title: string;
  panel: PanelId;
  filters: PanelFilters;
  headlines: HeadlineDef[];
  /** One line under the chart: what it shows and where the calibration comes from. */
  caption: string;
}

const headline = (id: string): HeadlineDef[] => HEADLINES.filter((h) => h.id === id);

export const SCENES: Scene[] = [
  {
    id: 'measured',
    title: 'Measured: LLM words in science',
    panel: 'published.llm_words',
    filters: {},
    headlines: [],
    caption: 'Share of PubMed abstracts containing each word, per year (log scale). Kobak et al. 2024 (MIT licence).'
  },
  {
    id: 'postings_measured',
    title: 'Measured: job postings since ChatGPT',
    panel: 'published.job_postings',
    filters: { grain: 'month' },
    headlines: [],
    caption: 'Indeed job postings index, 2020-02-01 = 100, sectors nearest to freelance work. Indeed Hiring Lab (CC BY 4.0).'
  },
  {
    id: 'ai_share',
    title: 'Who writes the web now',
    panel: 'provenance.ai_share',
    filters: {},
    headlines: [...headline('ai_share'), ...headline('human_tokens')],
    caption:
      'Share of newly crawled tokens by provenance, monthly. Simulated documents follow Graphite (2025), who measured articles: 39% AI a year after ChatGPT, 50.3% in Nov 2024.'
  },
  {
    id: 'market',
    title: 'Freelance work since ChatGPT',
    panel: 'market.postings_index',
    filters: { grain: 'month', category: ['writing', 'translation', 'coding', 'illustration'] },
    headlines: headline('writing_postings'),
    caption: 'Postings per month by category, pre-ChatGPT mean = 100. Calibrated to Demirci, Hannane & Zhu (Management Science 2025).'
  },
  {
    id: 'diversity',
    title: 'What recursive training does to language',
    panel: 'diversity.by_generation',
    filters: {},
    headlines: headline('diversity'),
    caption:
      'Distinct-1 by model generation, simulated with mode-seeking decoding; keeping 10% original data slows the loss without stopping it (after Shumailov et al., Nature 2024).'
  },
  {
    id: 'forecast',
    title: 'When the human text runs out',
    panel: 'forecast.peak_data',
    filters: {},
    headlines: headline('peak_data'),
    caption:
      "Stock of human text vs the largest training dataset, medians with 90% bands. Below: the chance the stock is used up by each year, the year's 80% interval shaded. Epoch AI's model (Villalobos et al., ICML 2024) with the paper's published inputs."
  },
  {
    id: 'training',
    title: 'The largest training datasets',
    panel: 'training.dataset_sizes',
    filters: {},
    headlines: [],
    caption: 'Training tokens of published models (log scale) with the fitted trend of the largest; Epoch AI data (CC BY 4.0).'
  },
  {
    id: 'human_tokens',
    title: 'Human text added to the web',
    panel: 'provenance.human_tokens',
    filters: { grain: 'month' },
    headlines: headline('human_tokens'),
    caption: 'Newly crawled tokens per month by provenance, counted at crawl date (a recrawled page counts again).'
  }
];

// Measured data opens the rotation, and each simulated scene follows its measured counterpart.
const DEFAULT_SCENES = ['measured', 'ai_share', 'postings_measured', 'market', 'diversity', 'forecast', 'training'];
const DEFAULT_DWELL_S = 20;
/** No new data for this long (while connected) is shown as stale; ?stale= overrides. */
const DEFAULT_STALE_S = 120;
/**
 * The smallest text on the wall, as a share of the screen's height: 24 px at 1080p, 48 px at 4K,
 * about 15 mm on a 55-inch screen. The browser suite checks every text on the wall against it.
 */
export const MIN_TEXT_SHARE = 0.022;

interface WallConfig {
  scenes: Scene[];
  dwellMs: number;
  staleMs: number;
  unknown: string[];
}

/** Reads ?scenes=&dwell=&stale=; unknown scene names are listed, not fatal. */
export function wallConfig(q: URLSearchParams): WallConfig {
  const names = (q.get('scenes') ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const unknown: string[] = [];
  const scenes = (names.length ? names : DEFAULT_SCENES).flatMap((n): Scene[] => {
    const s = SCENES.find((x) => x.id === n);
    if (s) return [s];
    if (isPanelId(n)) return [{ id: n, title: '', panel: n, filters: {}, headlines: [], caption: '' }];
    unknown.push(n);
    return [];
  });
  const num = (k: string, def: number, min: number, max: number) => {
    const v = Number(q.get(k));
    return q.get(k) !== null && Number.isFinite(v) ? Math.min(max, Math.max(min, v)) : def;
  };
  return {
    scenes: scenes.length ? scenes : SCENES.filter((s) => DEFAULT_SCENES.includes(s.id)),
    dwellMs: num('dwell', DEFAULT_DWELL_S, 2, 3600) * 1000,
    staleMs: num('stale', DEFAULT_STALE_S, 10, 86_400) * 1000,
    unknown
  };
}

/**
 * Burn-in protection: the whole picture moves a few pixels each minute along a small loop, so
 * no edge sits on the same pixels for weeks. Offsets are in vmin/1000 so 4K moves as far as 1080p.
 */
const LOOP: [number, number][] = [
  [0, 0],
  [3, 2],
  [-2, 4],
  [-4, -1],
  [1, -4],
  [4, 3],
  [-3, 1],
  [2, -2]
];
export function burnInOffset(minute: number): [number, number] {
  return LOOP[((minute % LOOP.length) + LOOP.length) % LOOP.length] as [number, number];
}
