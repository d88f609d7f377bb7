// The designer's seeded PRNG and name hash now live in shared/util/seeded-random; re-exported here because
// other workstreams' modules (dataset split, training tests) still import them from this path.
export { hashString, seededRandom } from '../util/seeded-random';
