// The composition root's rule as a lint rule: in src/extension no class has a public, writable
// property. Such a property is a slot filled in after construction (the service locator
// `Ctx` had `actions`, `frontEnds` and timings of that kind); what a service needs it takes in its
// constructor, and what flows back goes through an event. eslint.config.mjs applies it;
// test/unit/lint/lateSlots.test.ts shows it fails on a slot.

/** @type {import('eslint').Linter.Config[]} */
export const compositionRules = [
  {
    files: ['src/extension/**/*.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: "ClassBody > PropertyDefinition[readonly!=true][static!=true][accessibility!='private'][accessibility!='protected']",
          message:
            'A public, writable property is a slot someone fills in after construction: take what the class needs in its constructor (see src/extension/compositionRoot.ts), make it readonly, or keep it private.',
        },
      ],
    },
  },
];
