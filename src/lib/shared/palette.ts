/**
 * Okabe-Ito palette: distinguishable under the common colour-vision deficiencies (Okabe & Ito,
 * "Color Universal Design", 2008). Provenance classes keep fixed colours on every chart.
 */
export const OKABE_ITO = ['#E69F00', '#56B4E9', '#009E73', '#F0E442', '#0072B2', '#D55E00', '#CC79A7', '#999999'] as const;

export const PROVENANCE_COLORS = {
  human: '#0072B2',
  ai: '#D55E00',
  mixed: '#E69F00',
  unknown: '#999999'
} as const;
