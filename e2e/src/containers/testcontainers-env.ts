// testcontainers on these machines (ENVIRONMENT.md): no Ryuk (its image cannot be pulled; every
// suite stops what it started itself) and the host is 127.0.0.1 (only host networking exists).
// Imported before `testcontainers` so that these are set when it first reads them.
process.env['TESTCONTAINERS_RYUK_DISABLED'] = 'true';
process.env['TESTCONTAINERS_HOST_OVERRIDE'] = '127.0.0.1';

export {};
