// Recipes for the published tables the project ships (and the same tables as their publishers
// offer them): each turns one file's records into series observations, and knows its file by
// the header. A record that cannot be read stops the import (RecipeError with its line); a
// record left out on purpose is counted by reason.
import { crawlDate } from './crawl-id';
import { Collector, columns, numberCell, RecipeError, type Converted } from './row';
import { COMMON_CRAWL, INDEED, KOBAK } from '../../citations/sources';
import type { CsvTable } from '../csv';

interface SeriesRecipe {
  id: string;
  /** What the recipe reads, for the usage text and the docs. */
  reads: string;
  matches(header: readonly string[]): boolean;
  convert(table: CsvTable, file: string): Converted;
}

const same = (header: readonly string[], names: readonly string[]) => names.every((n) => header.includes(n));

function crawlDateAt(id: string, line: number): string {
  const date = crawlDate(id);
  if (date === null) throw new RecipeError(line, 'crawl', `"${id}" is not a Common Crawl crawl id (CC-MAIN-<year>-<ISO week>)`);
  return date;
}

/** crawlsize_monthly.csv: crawl, digest estim., page, url. One row per crawl. */
const ccCrawlSize: SeriesRecipe = {
  id: 'cc-crawlsize',
  reads: 'Common Crawl crawl sizes (crawl, digest estim., page, url), e.g. crawlsize_monthly.csv',
  matches: (h) => same(h, ['crawl', 'digest estim.', 'page', 'url']),
  convert(t, file) {
    const at = columns(t.header, ['crawl', 'digest estim.', 'page', 'url'], file);
    const out = new Collector();
    const measures = [
      ['page', 'cc.pages', 'pages'],
      ['url', 'cc.urls', 'unique URLs'],
      ['digest estim.', 'cc.digests', 'unique content digests (estimated)']
    ] as const;
    for (const r of t.records) {
      out.records++;
      const crawl = (r.cells[at.get('crawl') ?? -1] ?? '').trim();
      const date = crawlDateAt(crawl, r.line);
      for (const [col, series, unit] of measures) {
        const v = numberCell(r.cells[at.get(col) ?? -1], r.line, col);
        if (v === null) out.skip('empty_value');
        else out.add({ series, date, value: v, unit, labels: { crawl }, ...COMMON_CRAWL }, r.line);
      }
    }
    return out;
  }
};

/**
 * languages.csv of cc-crawl-statistics (crawl, primary_language, pages, urls, %pages/crawl, and
 * in the full file possibly %urls/crawl): pages, URLs and share of pages per language and crawl.
 * The shipped subset has the same columns.
 */
const ccLanguages: SeriesRecipe = {
  id: 'cc-languages',
  reads: 'Common Crawl pages per primary language and crawl (crawl, primary_language, pages, urls, %pages/crawl), e.g. plots/languages.csv',
  matches: (h) => same(h, ['crawl', 'primary_language', 'pages', '%pages/crawl']),
  convert(t, file) {
    const at = columns(t.header, ['crawl', 'primary_language', 'pages', '%pages/crawl'], file);
    const out = new Collector();
    const measures: [string, string, string][] = [
      ['pages', 'cc.lang.pages', 'pages'],
      ['urls', 'cc.lang.urls', 'unique URLs'],
      ['%pages/crawl', 'cc.lang.share', '% of pages'],
      ['%urls/crawl', 'cc.lang.url_share', '% of URLs']
    ];
    for (const r of t.records) {
      out.records++;
      const crawl = (r.cells[at.get('crawl') ?? -1] ?? '').trim();
      const date = crawlDateAt(crawl, r.line);
      const language = (r.cells[at.get('primary_language') ?? -1] ?? '').trim();
      if (language === '') throw new RecipeError(r.line, 'primary_language', 'primary_language is empty');
      for (const [col, series, unit] of measures) {
        const i = at.get(col);
        if (i === undefined) continue;
        const v = numberCell(r.cells[i], r.line, col);
        if (v === null) out.skip('empty_value');
        else out.add({ series, date, value: v, unit, labels: { crawl, language }, ...COMMON_CRAWL }, r.line);
      }
    }
    return out;
  }
};

/**
 * tld_selected_by_year.csv: percent of pages per top-level domain (one column each) per year,
 * wide. Its `(any)` row is the mean over all years, not a year: left out (reason any_mean).
 */
const ccTld: SeriesRecipe = {
  id: 'cc-tld',
  reads: 'Common Crawl percent of pages per top-level domain and year, wide (year, com, org, ...), e.g. tld_selected_by_year.csv',
  matches: (h) => h[0] === 'year' && h.includes('com') && h.includes('org'),
  convert(t) {
    const out = new Collector();
    const tlds = t.header.slice(1);
    for (const r of t.records) {
      out.records++;
      const year = (r.cells[0] ?? '').trim();
      if (year === '(any)') {
        out.skip('any_mean');
        continue;
      }
      if (!/^\d{4}$/.test(year))
        throw new RecipeError(r.line, 'year', `year must be a four-digit year or (any), got ${JSON.stringify(year)}`);
      tlds.forEach((tld, i) => {
        const v = numberCell(r.cells[i + 1], r.line, tld);
        if (v === null) out.skip('empty_value');
        else
          out.add(
            { series: 'cc.tld.share', date: `${year}-01-01`, value: v, unit: '% of pages', labels: { tld }, ...COMMON_CRAWL },
            r.line
          );
      });
    }
    return out;
  }
};

/**
 * job_postings_by_sector_US.csv: daily index of postings per occupational sector (seasonally
 * adjusted, 7-day trailing mean, 2020-02-01 = 100).
 */
const indeedSectors: SeriesRecipe = {
  id: 'indeed-sectors',
  reads: 'Indeed Hiring Lab postings by sector (date, jobcountry, indeed_job_postings_index, variable, display_name)',
  matches: (h) => same(h, ['date', 'jobcountry', 'indeed_job_postings_index', 'display_name']),
  convert(t, file) {
    const at = columns(t.header, ['date', 'jobcountry', 'indeed_job_postings_index', 'display_name'], file);
    const variable = at.get('variable');
    const out = new Collector();
    for (const r of t.records) {
      out.records++;
      const date = (r.cells[at.get('date') ?? -1] ?? '').trim();
      if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) throw new RecipeError(r.line, 'date', `date must be YYYY-MM-DD, got ${JSON.stringify(date)}`);
      const sector = (r.cells[at.get('display_name') ?? -1] ?? '').trim();
      if (sector === '') throw new RecipeError(r.line, 'display_name', 'display_name (the sector) is empty');
      const v = numberCell(r.cells[at.get('indeed_job_postings_index') ?? -1], r.line, 'indeed_job_postings_index');
      if (v === null) {
        out.skip('empty_value');
        continue;
      }
      const labels: Record<string, string> = { country: (r.cells[at.get('jobcountry') ?? -1] ?? '').trim() || 'unknown', sector };
      if (variable !== undefined) labels.variable = (r.cells[variable] ?? '').trim() || 'total postings';
      out.add({ series: 'indeed.postings', date, value: v, unit: 'index, 2020-02-01 = 100', labels, ...INDEED }, r.line);
    }
    return out;
  }
};

/**
 * figure1_word_frequency_by_year.csv: the fraction of PubMed abstracts per year that contain each
 * word; wide, the first column (unnamed) the year.
 */
const kobakWords: SeriesRecipe = {
  id: 'kobak-words',
  reads: 'Kobak et al. word frequencies in PubMed abstracts by year, wide (first column the year, then one column per word)',
  matches: (h) => (h[0] === '' || h[0] === 'year') && h.includes('delves'),
  convert(t) {
    const out = new Collector();
    const words = t.header.slice(1);
    for (const r of t.records) {
      out.records++;
      const year = (r.cells[0] ?? '').trim();
      if (!/^\d{4}$/.test(year))
        throw new RecipeError(r.line, 'year', `the first column must be a four-digit year, got ${JSON.stringify(year)}`);
      words.forEach((word, i) => {
        const v = numberCell(r.cells[i + 1], r.line, word);
        if (v === null) out.skip('empty_value');
        else
          out.add(
            { series: 'pubmed.word_share', date: `${year}-01-01`, value: v, unit: 'share of abstracts', labels: { word }, ...KOBAK },
            r.line
          );
      });
    }
    return out;
  }
};

export const SERIES_RECIPES: readonly SeriesRecipe[] = [ccCrawlSize, ccLanguages, ccTld, indeedSectors, kobakWords];

/** The recipe whose file this header looks like, if any. */
export function recipeFor(header: readonly string[]): SeriesRecipe | undefined {
  return SERIES_RECIPES.find((r) => r.matches(header));
}
