import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { MAX_TIMEOUT_SECONDS } from '../../../src/core';

const manifest = JSON.parse(readFileSync(path.join(__dirname, '..', '..', '..', '..', 'package.json'), 'utf8')) as {
  contributes: { configuration: { properties: Record<string, { maximum?: number; markdownDescription?: string }> } };
};

describe('package.json: timeouts a timer can hold', () => {
  it('consensus.timeoutSeconds stops at the longest wait a timer can hold, so the Settings editor flags more', () => {
    const setting = manifest.contributes.configuration.properties['consensus.timeoutSeconds'];
    assert.equal(setting?.maximum, MAX_TIMEOUT_SECONDS);
    assert.match(setting?.markdownDescription ?? '', /at most 2147483 \(about 24\.8 days\)/i);
  });
});
