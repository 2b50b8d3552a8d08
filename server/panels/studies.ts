// The studies each panel rests on, named once: in its description and in its citations, as the
// published panels name their sources. Simulated rows are calibrated to these studies' figures
// (server/simulate/targets.ts carries each figure with its source); the method panels follow
// their paper. Applied to the catalogue in catalogue.ts.
import type { Citation, PanelId, PanelInfo } from '../../src/lib/contract/panels';
import { DEMIRCI_2025, GRAPHITE_2025, HUI_2024, SHUMAILOV_2024 } from '../simulate/targets';
import { VILLALOBOS_2024 } from '../forecast/epoch-inputs';

// Each study links to the work itself: its DOI, or, for a work without one, the proceedings page
// or the company's own post.
const SHUMAILOV: Citation = {
  source: SHUMAILOV_2024,
  licence: '',
  url: 'https://doi.org/10.1038/s41586-024-07566-y',
  kind: 'calibration'
};
const GRAPHITE: Citation = {
  source: GRAPHITE_2025,
  licence: '',
  url: 'https://graphite.io/five-percent/more-articles-are-now-created-by-ai-than-humans',
  kind: 'calibration'
};
const HUI: Citation = { source: HUI_2024, licence: '', url: 'https://doi.org/10.1287/orsc.2023.18441', kind: 'calibration' };
const DEMIRCI: Citation = { source: DEMIRCI_2025, licence: '', url: 'https://doi.org/10.1287/mnsc.2024.05420', kind: 'calibration' };
const VILLALOBOS: Citation = {
  source: VILLALOBOS_2024,
  licence: '',
  url: 'https://proceedings.mlr.press/v235/villalobos24a.html',
  kind: 'method'
};

interface Studies {
  citations: Citation[];
  /** Appended to the description. */
  sentence: string;
}

const CRAWL: Studies = {
  citations: [GRAPHITE],
  sentence:
    " Simulated rows (tagged so) are calibrated to Graphite (2025), a detector's classification of 65,000 English-language " +
    'Common Crawl articles; the simulator applies that share to documents of every language and content type, which the study did not measure. ' +
    "Provenance classes are the producers' labels; a detector's error rates are not corrected for (docs/METHODS.md says why)."
};
const MARKET: Studies = {
  citations: [HUI, DEMIRCI],
  sentence:
    ' Simulated rows (tagged so) are calibrated to Hui, Reshef & Zhou (Organization Science 2024) and Demirci, Hannane & Zhu ' +
    '(Management Science 2025), studies of one freelance platform each; categories they did not measure follow stated assumptions.'
};
const COLLAPSE: Studies = {
  citations: [SHUMAILOV],
  sentence:
    ' Simulated rows (tagged so) follow the setting of Shumailov et al. (Nature 2024) in miniature: each generation a unigram model ' +
    "re-estimated from a finite corpus the previous one generated (not a language model; the family's name stands for the paper's OPT-125m). " +
    'Its speed is set by the decoding temperature (0.95) and the corpus size (20,000 tokens a generation), not measured; ' +
    "keeping 10% original data, as in the paper's second setting, slows the loss without stopping it here, where the paper found little " +
    "degradation: the miniature shows the mechanism, not the paper's sizes."
};

const BY_PANEL: Partial<Record<PanelId, Studies>> = {
  'provenance.ai_share': CRAWL,
  'provenance.by_domain': CRAWL,
  'provenance.by_lang': CRAWL,
  'provenance.by_content_type': CRAWL,
  'provenance.human_tokens': CRAWL,
  'provenance.detector_scores': CRAWL,
  'market.postings_index': MARKET,
  'market.rates': MARKET,
  'market.ai_mentions': MARKET,
  'market.bids': MARKET,
  'market.by_region': MARKET,
  'diversity.by_generation': COLLAPSE,
  'diversity.trend': COLLAPSE,
  'forecast.peak_data': { citations: [VILLALOBOS], sentence: '' }
};

/** The panel's info with the studies it rests on in its description and citations. */
export function withStudies(info: PanelInfo): PanelInfo {
  const s = BY_PANEL[info.id];
  if (!s) return info;
  return { ...info, description: info.description + s.sentence, citations: [...(info.citations ?? []), ...s.citations] };
}
