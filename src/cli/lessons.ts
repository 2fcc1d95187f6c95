// `kubetutor lessons`: not built yet.
import { UserError } from './errors';

export async function run(): Promise<number> {
  throw new UserError('"lessons" is not built yet in this version of kubetutor');
}
