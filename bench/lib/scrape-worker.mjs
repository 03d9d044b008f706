/**
 * Out-of-process scraper: on each IPC message { url } it GETs the URL, counts the body bytes
 * without keeping them and replies { bytes } (or { error }). Keeps the client's work off the
 * event loop being measured, as a real Prometheus server would.
 */
import { get } from 'node:http';

process.on('message', ({ url }) => {
  get(url, (res) => {
    let bytes = 0;
    res.on('data', (d) => {
      bytes += d.length;
    });
    res.on('end', () =>
      process.send(res.statusCode === 200 ? { bytes } : { error: `HTTP ${res.statusCode} from ${url}` }),
    );
    res.on('error', (err) => process.send({ error: err.message }));
  }).on('error', (err) => process.send({ error: err.message }));
});
process.on('disconnect', () => process.exit(0));
