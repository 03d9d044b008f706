import { arr, num, obj, oneOf, type Schema, str } from './common.js';

const matcher: Schema = obj({
  name: str,
  value: str,
  isRegex: { type: 'boolean' },
  isEqual: { type: 'boolean' },
});

/** alerts/silences SilenceView. */
export const silenceSchema: Schema = obj(
  {
    id: str,
    matchers: arr(matcher),
    startsAt: num,
    endsAt: num,
    createdBy: str,
    comment: str,
    status: oneOf(['pending', 'active', 'expired']),
  },
  ['id', 'matchers', 'startsAt', 'endsAt', 'createdBy', 'comment'],
);

export const silencesResponseSchema: Schema = obj({ silences: arr(silenceSchema) });

export const silenceIdParams: Schema = {
  type: 'object',
  properties: { id: { type: 'string', minLength: 1, maxLength: 200 } },
  required: ['id'],
};

/** POST /api/silences: the silence store checks every field (errors name it). */
export const silenceBodySchema: Schema = {
  type: 'object',
  description:
    '{ matchers: [{name, value, isRegex?, isEqual?}], startsAt?: ms|ISO, endsAt: ms|ISO, createdBy, comment }',
};

export const silenceChangeResponseSchema: Schema = obj({
  status: oneOf(['success']),
  silence: silenceSchema,
});
