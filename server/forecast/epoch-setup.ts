// The model's inputs made concrete: Epoch's published numbers, or the project's live measurements
// in their place, each listed with its source for the response and the report.
import type { ComputeProjection } from './epoch-compute-projection';
import { DEMAND_LEVEL_2024, STOCK_FACTORS, logNormal, type StockFactor } from './epoch-inputs';
import type { EpochSetup, StockSetup } from './epoch-model';
import { publishedTrends } from './epoch-trend';

const LN10 = Math.LN10;

function publishedStock(aiShare = 0): StockSetup {
  const f = (k: StockFactor) => logNormal(STOCK_FACTORS[k]);
  return {
    pages: f('pages'),
    bytesPerPage: f('bytesPerPage'),
    bytesPerTokenOffset: f('bytesPerTokenOffset'),
    sizeGrowth: f('sizeGrowth'),
    countGrowth: f('countGrowth'),
    quality: f('quality'),
    repetition: f('repetition'),
    aiShare
  };
}

/** Epoch's published model: the paper's stock factors, its 80-model trend and the compute projection. */
export function publishedSetup(projection: ComputeProjection): EpochSetup {
  const tr = publishedTrends();
  return {
    stock: publishedStock(),
    historical: {
      kind: 'independent',
      level: logNormal(DEMAND_LEVEL_2024),
      growth: { mu: tr.demandGrowth.mu * LN10, sigma: tr.demandGrowth.sigma * LN10 }
    },
    compute: { projection, preGrowth: { mu: tr.computeGrowth.mu * LN10, sigma: tr.computeGrowth.sigma * LN10 } }
  };
}
