// test/report/check.js REPORT.html OUTDIR: render the HTML report in headless
// Chromium (Debian's, through playwright-core: CHROMIUM, default
// /usr/bin/chromium) and print TAP lines about it:
//   - the page loads with no request but the file itself, and no console error
//     (its Content-Security-Policy would report a blocked fetch there);
//   - every chart (figure.chart) has a title, a one-line reading, titles on
//     both axes, one SVG of at least MIN_ELEMENTS elements, and its
//     screenshot (OUTDIR/ID.png) has at least MIN_INK of its pixels away
//     from white.
// It writes OUTDIR/values.json: every number the page shows as a mark,
// {data-k: data-v}, which test/report.sh compares with fresh SQL results.
'use strict';
const fs = require('fs');
const path = require('path');
const zlib = require('zlib');
const { chromium } = require('playwright-core');

const MIN_ELEMENTS = 20;
const MIN_INK = 0.02;

let n = 0;
let failed = 0;
function ok(cond, what, detail) {
    n += 1;
    console.log(`${cond ? 'ok' : 'not ok'} ${n} - ${what}`);
    if (!cond) {
        failed += 1;
        if (detail) console.log(`# ${detail}`);
    }
}

// The RGB(A) pixels of a PNG from Chromium: 8-bit, not interlaced.
function decodePng(buf) {
    let pos = 8;
    let width = 0, height = 0, channels = 0;
    const idat = [];
    while (pos < buf.length) {
        const len = buf.readUInt32BE(pos);
        const type = buf.toString('latin1', pos + 4, pos + 8);
        const body = buf.subarray(pos + 8, pos + 8 + len);
        if (type === 'IHDR') {
            width = body.readUInt32BE(0);
            height = body.readUInt32BE(4);
            if (body[8] !== 8 || body[12] !== 0) throw new Error('PNG: not 8-bit or interlaced');
            channels = { 2: 3, 6: 4 }[body[9]];
            if (!channels) throw new Error(`PNG: colour type ${body[9]}`);
        } else if (type === 'IDAT') {
            idat.push(body);
        }
        pos += 12 + len;
    }
    const raw = zlib.inflateSync(Buffer.concat(idat));
    const stride = width * channels;
    const out = Buffer.alloc(stride * height);
    for (let y = 0; y < height; y++) {
        const filter = raw[y * (stride + 1)];
        const line = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
        for (let x = 0; x < stride; x++) {
            const a = x >= channels ? out[y * stride + x - channels] : 0;
            const b = y > 0 ? out[(y - 1) * stride + x] : 0;
            const c = x >= channels && y > 0 ? out[(y - 1) * stride + x - channels] : 0;
            let v = line[x];
            if (filter === 1) v += a;
            else if (filter === 2) v += b;
            else if (filter === 3) v += (a + b) >> 1;
            else if (filter === 4) {
                const p = a + b - c;
                const pa = Math.abs(p - a), pb = Math.abs(p - b), pc = Math.abs(p - c);
                v += pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
            }
            out[y * stride + x] = v & 255;
        }
    }
    return { width, height, channels, pixels: out };
}

// The share of pixels that are not (nearly) white.
function ink(png) {
    const { width, height, channels, pixels } = decodePng(png);
    let marked = 0;
    for (let i = 0; i < width * height; i++) {
        const p = i * channels;
        if (pixels[p] < 235 || pixels[p + 1] < 235 || pixels[p + 2] < 235) marked += 1;
    }
    return marked / (width * height);
}

async function main() {
    const [file, outdir] = process.argv.slice(2);
    const url = 'file://' + path.resolve(file);
    const browser = await chromium.launch({
        executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
        // root (CI) cannot use Chromium's sandbox
        args: ['--no-sandbox', '--disable-gpu', '--font-render-hinting=none'],
    });
    try {
        const page = await browser.newPage({ viewport: { width: 1000, height: 800 } });
        const requests = [];
        const errors = [];
        page.on('request', (r) => requests.push(r.url()));
        page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
        page.on('pageerror', (e) => errors.push(String(e)));
        await page.goto(url, { waitUntil: 'load' });
        ok(requests.length === 1 && requests[0] === url, 'the page requests nothing but itself',
            `requests: ${JSON.stringify(requests)}`);
        ok(errors.length === 0, 'no console errors (a blocked fetch would be one)', errors.join(' | '));

        const charts = await page.$$eval('figure.chart', (figs) => figs.map((f) => ({
            id: f.id,
            title: (f.querySelector('figcaption h2') || {}).textContent || '',
            reading: (f.querySelector('figcaption .reading') || {}).textContent || '',
            svgs: f.querySelectorAll('svg').length,
            elements: f.querySelector('svg') ? f.querySelector('svg').querySelectorAll('*').length : 0,
            axisTitles: f.querySelectorAll('svg text.axis-title').length,
        })));
        ok(charts.length >= 8, `at least 8 charts (${charts.length})`);
        for (const c of charts) {
            ok(c.title.trim() !== '' && c.reading.trim() !== '' && c.axisTitles >= 2,
                `${c.id}: a title, a reading and titles on both axes`, JSON.stringify(c));
            ok(c.svgs === 1 && c.elements >= MIN_ELEMENTS,
                `${c.id}: one inline SVG of ${c.elements} elements (at least ${MIN_ELEMENTS})`);
            const shot = await page.locator(`#${c.id} svg`).screenshot({ path: path.join(outdir, `${c.id}-svg.png`) });
            const share = ink(shot);
            ok(share >= MIN_INK, `${c.id}: ${(100 * share).toFixed(1)}% of the chart's pixels drawn`);
            await page.locator(`#${c.id}`).screenshot({ path: path.join(outdir, `${c.id}.png`) });
        }
        const values = await page.$$eval('[data-k]', (els) => els.map((e) => [e.dataset.k, e.dataset.v]));
        const map = {};
        const twice = [];
        for (const [k, v] of values) {
            if (k in map) twice.push(k);
            map[k] = v;
        }
        ok(twice.length === 0, `each of the ${values.length} numbers in the page has its own name`,
            `written twice: ${twice.join(', ')}`);
        fs.writeFileSync(path.join(outdir, 'values.json'), JSON.stringify(map, null, 1));
        ok(requests.length === 1, 'still no request after the screenshots', JSON.stringify(requests));
    } finally {
        await browser.close();
    }
    process.exit(failed ? 1 : 0);
}

main().catch((e) => { console.log(`not ok - ${e.stack}`); process.exit(1); });
