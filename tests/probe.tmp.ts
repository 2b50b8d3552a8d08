import { startServer } from '/work/wt-issue-10/tests/helpers/server';
const s = await startServer();
const ok = '{"ts":"2024-02-30","url":"https://a.example/x","lang":"en","content_type":"article","tokens":5,"provenance":"ai"}';
try { await s.app.engine.insertJsonEachRow('crawl_documents', ['ts','url','lang','content_type','tokens','provenance'], Buffer.from(ok+'\n'), {tag:'t'}); } catch (e) { const x = e as any; console.log(x.kind, x.code, JSON.stringify(x.message).slice(0,500), x.cause?.constructor?.name, Object.keys(x.cause??{})); }
for (const ts of ['"2025-01-02T03:04:05+23:59"','"2025-01-02T03:04:05+99:99"','"2025-01-02T24:00:00"','"2025-01-02T23:59:60"','"2025-01-02T03:04:05.1234567891Z"', '"2025-01-02 03:04:05+0530"']) {
  try { await s.app.engine.insertJsonEachRow('crawl_documents', ['ts','url','lang','content_type','tokens','provenance'], Buffer.from(ok.replace('"2024-02-30"', ts)+'\n'), {tag:'t'}); const r = await s.app.engine.rows<any>('SELECT toUnixTimestamp64Milli(ts) AS ms FROM crawl_documents ORDER BY imported_at DESC LIMIT 1', {tag:'t'}).catch(()=>s.app.engine.rows<any>('SELECT toUnixTimestamp64Milli(max(ts)) AS ms, count() c FROM crawl_documents', {tag:'t'})); console.log(ts, 'ok', JSON.stringify(r), Date.parse(JSON.parse(ts))); await s.app.engine.command('TRUNCATE TABLE crawl_documents', {tag:'t'}); } catch (e) { console.log(ts, 'ERR', (e as Error).message.slice(0,150)); }
}
await s.close();
