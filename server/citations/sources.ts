// Who published each series the project ships, as shown beside every chart of it. The files and
// their licences are in clickhouse/seed/series/ (README there).

export interface Citation {
  source: string;
  licence: string;
  url: string;
}

export const COMMON_CRAWL: Citation = {
  source: 'Common Crawl, cc-crawl-statistics',
  licence: 'Common Crawl terms of use',
  url: 'https://github.com/commoncrawl/cc-crawl-statistics'
};

export const INDEED: Citation = {
  source: 'Indeed Hiring Lab, job postings tracker',
  licence: 'CC BY 4.0',
  url: 'https://github.com/hiring-lab/job_postings_tracker'
};

export const KOBAK: Citation = {
  source: 'Kobak, González-Márquez, Horvát & Lause (2024), Delving into ChatGPT usage in academic writing through excess vocabulary',
  licence: 'MIT',
  url: 'https://github.com/berenslab/llm-excess-vocab'
};
