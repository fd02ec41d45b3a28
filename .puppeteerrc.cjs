// Puppeteer must not download its own browser (the network reaches only package registries);
// phishtrail uses a system Chromium found through config, PUPPETEER_EXECUTABLE_PATH or the usual paths.
module.exports = { skipDownload: true };
