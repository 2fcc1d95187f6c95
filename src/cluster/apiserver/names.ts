// Models staging/src/k8s.io/apiserver/pkg/storage/names/generate.go (SimpleNameGenerator) and the UIDs
// (k8s.io/apimachinery/pkg/util/uuid): both drawn from the cluster's one seeded random source.
import type { Rand } from '../sim/rand';

/** utilrand's alphabet: no vowels (no accidental words) and no easily confused characters. */
export const NAME_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';
const MAX_NAME_LENGTH = 63;
const RANDOM_LENGTH = 5;
const MAX_GENERATED_NAME_LENGTH = MAX_NAME_LENGTH - RANDOM_LENGTH;

/** SimpleNameGenerator.GenerateName: the base (cut to 58 characters) plus 5 random characters. */
export function generateName(rand: Rand, base: string): string {
  const b = base.length > MAX_GENERATED_NAME_LENGTH ? base.slice(0, MAX_GENERATED_NAME_LENGTH) : base;
  return b + rand.string(RANDOM_LENGTH, NAME_ALPHABET);
}

/** A version-4 UUID, as uuid.NewUUID gives, from the seeded source. */
export function newUID(rand: Rand): string {
  const hex = (n: number) => {
    let s = '';
    for (let i = 0; i < n; i++) s += '0123456789abcdef'[rand.int(16)];
    return s;
  };
  const variant = '89ab'[rand.int(4)];
  return `${hex(8)}-${hex(4)}-4${hex(3)}-${variant}${hex(3)}-${hex(12)}`;
}
