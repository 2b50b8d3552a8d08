// A CSV for the series stream, made into planned rows: by the recipe named, by the generic
// recipe when its flags are given, by the recipe whose file the header looks like, or (header of
// contract fields only) not at all, left to the plain CSV path.
import { basename } from 'node:path';
import { STREAM_FIELDS } from '../fields';
import { ImportRowError, type PlannedRow } from '../plan';
import { readCsv } from '../csv';
import { ImportFileError } from '../read';
import { convertGeneric, type GenericCsvOptions } from './generic';
import { recipeFor, SERIES_RECIPES } from './recipes';
import { RecipeError, type Converted } from './row';

const GENERIC_RECIPE = 'csv';
const RECIPE_IDS = [...SERIES_RECIPES.map((r) => r.id), GENERIC_RECIPE] as const;

interface SeriesCsv {
  recipe: string;
  records: number;
  rows: PlannedRow[];
  skipped: Record<string, number>;
}

export function convertSeriesCsv(
  text: string,
  file: string,
  opts: { recipe?: string | undefined; generic?: Partial<GenericCsvOptions> | undefined }
): SeriesCsv | null {
  const name = basename(file);
  const table = readCsv(text, name);
  table.header = table.header.map((h) => h.trim());
  if (table.header.length === 0) throw new ImportFileError(`${name} is empty`);
  const contract = Object.keys(STREAM_FIELDS.series);
  const generic = opts.generic && Object.keys(opts.generic).length > 0 ? opts.generic : undefined;
  if (!opts.recipe && !generic && table.header.every((h) => contract.includes(h))) return null;

  let recipeId: string;
  let run: () => Converted;
  if (opts.recipe === GENERIC_RECIPE || (!opts.recipe && generic)) {
    const g = generic ?? {};
    const missing = (['date', 'series', 'source'] as const).filter((k) => !g[k]);
    if (missing.length > 0)
      throw new ImportFileError(`the generic CSV recipe needs ${missing.map((m) => `--${m}`).join(', ')} (docs/IMPORT.md)`);
    recipeId = GENERIC_RECIPE;
    run = () => convertGeneric(table, g as GenericCsvOptions, name);
  } else {
    const recipe = opts.recipe ? SERIES_RECIPES.find((r) => r.id === opts.recipe) : recipeFor(table.header);
    if (!recipe) {
      throw new ImportFileError(
        opts.recipe
          ? `unknown recipe ${JSON.stringify(opts.recipe)}; recipes are ${RECIPE_IDS.join(', ')}`
          : `${name} is not a table a recipe knows (${SERIES_RECIPES.map((r) => r.id).join(', ')}) nor has the series fields ` +
              `(${contract.join(', ')}) as columns; describe it with --date, --series, --source (and --value, --labels, --unit, --licence, --url)`
      );
    }
    recipeId = recipe.id;
    run = () => recipe.convert(table, name);
  }
  let conv: Converted;
  try {
    conv = run();
  } catch (e) {
    if (e instanceof RecipeError) throw new ImportRowError(`line ${e.line}: ${e.message}`, `line ${e.line}`, e.field);
    throw e;
  }
  if (conv.rows.length === 0) throw new ImportFileError(`${name} has no values to import`);
  return {
    recipe: recipeId,
    records: conv.records,
    rows: conv.rows.map((r) => ({ json: JSON.stringify(r.row), where: `line ${r.line}` })),
    skipped: conv.skipped
  };
}
