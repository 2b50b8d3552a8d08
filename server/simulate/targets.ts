// Calibration targets: every published figure the simulator is tuned to. Each carries its source
// twice, in a comment for readers of the code and in a `source` string for the dashboard and the
// report. A value no publication gives is marked "this project's assumption" in its source.

export interface Target {
  readonly value: number;
  readonly source: string;
}

/** A figure that refers to a point in time (the middle of the month it was measured in). */
interface DatedTarget extends Target {
  /** ISO date the figure refers to. */
  readonly at: string;
}

/** Epoch ms of an ISO date (UTC midnight). */
export function ms(isoDate: string): number {
  const t = Date.parse(`${isoDate}T00:00:00Z`);
  if (Number.isNaN(t)) throw new Error(`not an ISO date: ${isoDate}`);
  return t;
}

// ChatGPT's public release, the event every post-2022 effect below is measured from.
export const CHATGPT_RELEASE = {
  at: '2022-11-30',
  source: 'OpenAI, "Introducing ChatGPT", 30 November 2022'
} as const;

// ---------------------------------------------------------------------------------------------
// AI share of newly published/crawled articles (document-weighted).
// Graphite (2025): 65,000 English-language article URLs sampled from Common Crawl, published
// January 2020 - May 2025, classified by an AI detector (an article counts as AI when more than
// half of it is detected as AI). The figures are shares of articles by month.
// ---------------------------------------------------------------------------------------------
export const GRAPHITE_2025 =
  'Graphite (2025), "More articles are now created by AI than humans": 65,000 English-language ' +
  'Common Crawl articles published Jan 2020 - May 2025';

// Near zero before ChatGPT. The 0.5% residual (GPT-3-era article spinners) is our assumption;
// it keeps the pre-2022 curve from being an exact, unrealistic zero.
export const AI_SHARE_PRE_CHATGPT: DatedTarget = {
  value: 0.005,
  at: CHATGPT_RELEASE.at,
  source: `${GRAPHITE_2025}: near zero before ChatGPT; the 0.5% residual is this project's assumption`
};

// 39% twelve months after ChatGPT (November 2023).
export const AI_SHARE_NOV_2023: DatedTarget = {
  value: 0.39,
  at: '2023-11-15',
  source: `${GRAPHITE_2025}: 39% of new articles AI-generated twelve months after ChatGPT (Nov 2023)`
};

// 50.3% in November 2024, the month AI articles first outnumbered human ones.
export const AI_SHARE_NOV_2024: DatedTarget = {
  value: 0.503,
  at: '2024-11-15',
  source: `${GRAPHITE_2025}: 50.3% in Nov 2024`
};

// About 52% in May 2025, the last month of the study.
export const AI_SHARE_MAY_2025: DatedTarget = {
  value: 0.52,
  at: '2025-05-15',
  source: `${GRAPHITE_2025}: about 52% in May 2025`
};

// After the study ends: Graphite reports the growth has plateaued near parity. Where the plateau
// settles (54%, reached a year later and held) is this project's assumption within 52-55%.
export const AI_SHARE_PLATEAU: DatedTarget = {
  value: 0.54,
  at: '2026-05-15',
  source: `This project's assumption: a plateau near 52-55% after May 2025 (${GRAPHITE_2025} reports growth has plateaued)`
};

// The detector's error rates, measured by Graphite on pre-ChatGPT articles (false positives)
// and on GPT-4o-generated articles (false negatives). The simulated ai_score reproduces them.
export const DETECTOR_FALSE_POSITIVE_RATE: Target = {
  value: 0.042,
  source: `${GRAPHITE_2025}: detector false positive rate 4.2% on articles published before ChatGPT`
};
export const DETECTOR_FALSE_NEGATIVE_RATE: Target = {
  value: 0.006,
  source: `${GRAPHITE_2025}: detector false negative rate 0.6% on GPT-4o-generated articles`
};

// ---------------------------------------------------------------------------------------------
// Freelance market: job posts by category, relative to before ChatGPT.
// Demirci, Hannane & Zhu (2025): difference-in-differences on 1.4M posts of a global
// freelancing platform (Jul 2021 - Jul 2023), eight months after ChatGPT's release.
// ---------------------------------------------------------------------------------------------
export const DEMIRCI_2025 =
  'Demirci, Hannane & Zhu, "Who Is AI Replacing? The Impact of Generative AI on Online ' +
  'Freelancing Platforms", Management Science 2025';

export const POSTINGS_WRITING: Target = {
  value: -0.3,
  source: `${DEMIRCI_2025}: writing job posts about -30% within eight months of ChatGPT`
};
export const POSTINGS_CODING: Target = {
  value: -0.21,
  source: `${DEMIRCI_2025}: software, app and web development posts about -21%`
};
// The paper dates this effect from the release of image-generating AI, not from ChatGPT; the
// simulator anchors it on ChatGPT too (this project's simplification) so every category shares
// one event and the same 8-month window.
export const POSTINGS_ILLUSTRATION: Target = {
  value: -0.17,
  source: `${DEMIRCI_2025}: image-creation posts -17% after image-generating AI (anchored on ChatGPT here, this project's simplification)`
};
export const POSTINGS_AUTOMATION_PRONE: Target = {
  value: -0.21,
  source: `${DEMIRCI_2025}: automation-prone job posts -21% against manual-intensive ones within eight months`
};

// Not in Demirci et al.'s headline figures. Machine translation was already good before
// ChatGPT (so part of the shift had happened), hence a decline a little below writing's.
export const POSTINGS_TRANSLATION: Target = {
  value: -0.25,
  source: "This project's assumption: a decline similar to writing's (-30%), slightly smaller because machine translation predates ChatGPT"
};

// Categories the papers treat as controls or do not report.
export const POSTINGS_DATA_ENTRY: Target = {
  value: -0.1,
  source: "This project's assumption: data entry mildly affected (-10%)"
};
export const POSTINGS_VIDEO: Target = {
  value: -0.05,
  source: "This project's assumption: video mostly manual work in 2023 (-5%)"
};
export const POSTINGS_OTHER: Target = {
  value: 0,
  source: "This project's assumption: other (manual-intensive) categories unaffected, the papers' control group"
};

// Hui, Reshef & Zhou (2024): freelancers in writing-related occupations after ChatGPT.
export const HUI_2024 =
  'Hui, Reshef & Zhou, "The Short-Term Effects of Generative Artificial Intelligence on ' +
  'Employment: Evidence from an Online Labor Market", Organization Science 2024';

// Used for writing budgets: the earnings a writing posting offers fall by this much.
export const WRITING_EARNINGS: Target = {
  value: -0.052,
  source: `${HUI_2024}: writers' monthly earnings -5.2% after ChatGPT`
};
export const TRANSLATION_EARNINGS: Target = {
  value: -0.052,
  source: `This project's assumption: translation budgets fall like writers' earnings (${HUI_2024}, -5.2%)`
};

// Share of postings mentioning AI (prompting, AI editing, training data): no published series,
// a shape chosen to rise after 2023. Knots are [ISO date, share].
export const MENTIONS_AI_KNOTS = {
  knots: [
    ['2020-01-01', 0.01],
    ['2022-11-30', 0.01],
    ['2023-06-30', 0.06],
    ['2024-06-30', 0.15],
    ['2025-06-30', 0.22],
    ['2026-06-30', 0.25]
  ] as const,
  source: "This project's assumption: postings mentioning AI rise from 1% before ChatGPT to about 25% by mid-2026"
};

// ---------------------------------------------------------------------------------------------
// Model collapse. Shumailov et al. (2024): OPT-125m fine-tuned on wikitext2, each generation
// trained on data produced by the previous one, generations 0-9. The tails of the distribution
// vanish; keeping 10% of the original data in every generation degrades the models less than
// training on generated data alone (their OPT-125m experiment), without stopping the drift.
// ---------------------------------------------------------------------------------------------
export const SHUMAILOV_2024 =
  'Shumailov, Shumaylov, Zhao, Papernot, Anderson, Gal, "AI models collapse when trained on ' +
  'recursively generated data", Nature 631, 755-759 (2024)';

export const COLLAPSE_GENERATIONS: Target = {
  value: 10,
  source: `${SHUMAILOV_2024}: generations 0-9`
};
export const COLLAPSE_ORIGINAL_KEPT: Target = {
  value: 0.1,
  source: `${SHUMAILOV_2024}: a second setting keeps 10% of the original data in every generation, which degrades less than generated data alone`
};

// ---------------------------------------------------------------------------------------------
// Training datasets. Villalobos et al. (2024) and Epoch AI's dataset_sizes.csv.
// ---------------------------------------------------------------------------------------------
export const VILLALOBOS_2024 =
  'Villalobos, Ho, Sevilla, Besiroglu, Heim, Hobbhahn, "Position: Will we run out of data? ' +
  'Limits of LLM scaling based on human-generated data", ICML 2024 (PMLR 235)';
