import { type CommandArgs, UsageError } from '../output.ts';
import { brandDatasetCommand } from './brand-dataset.ts';
import { brandEvalCommand } from './brand-eval.ts';
import { brandModelsCommand } from './brand-models.ts';
import { brandTrainCommand } from './brand-train.ts';

/** `switchboard brand <dataset|train|models|eval> …`: dispatches to the brand-voice pipeline commands. */
export async function brandCommand(args: CommandArgs): Promise<void> {
  const [group, ...positionals] = args.positionals;
  const sub: CommandArgs = { positionals, values: args.values };
  switch (group) {
    case 'train':
      return brandTrainCommand(sub);
    case 'models':
      return brandModelsCommand(sub);
    case 'eval':
      return brandEvalCommand(sub);
    case 'dataset':
      return brandDatasetCommand(sub);
    default:
      throw new UsageError(
        `unknown brand command "${group ?? ''}": dataset, train, models or eval`,
      );
  }
}
