import { writeFile } from 'node:fs/promises';
import { createInterface } from 'node:readline/promises';
import { handleIncoming, type ChatEnv } from './chat/dispatch.js';
import { renderText } from './render/text.js';

/** A private chat in the terminal: same registry and dispatcher as the bots, plain-text renderer. */
export async function runConsole(
  env: ChatEnv,
  input: NodeJS.ReadableStream = process.stdin,
  output: NodeJS.WritableStream = process.stdout,
): Promise<void> {
  const units = [...new Set((await env.lib.directory()).units)];
  output.write(
    `决算问数 控制台（数据库：${env.config.DB_PATH}）。库中单位：${units.join('、') || '（无）'}。\n直接输入问题，如「三公经费执行率」；/help 查看命令；/quit 退出。\n`,
  );
  const rl = createInterface({ input, output, prompt: '> ', terminal: false });
  rl.prompt();
  for await (const line of rl) {
    const text = line.trim();
    if (text === '/quit' || text === '/exit') break;
    if (text) {
      const answer = await handleIncoming(env, { chatKey: 'console', userId: 'console', text });
      // an export is saved where the console runs, as a chat would receive it
      if (answer.kind === 'file') await writeFile(answer.fileName, answer.bytes);
      output.write(
        `${answer.kind === 'file' ? `${answer.caption}\n已保存：${answer.fileName}` : renderText(answer)}\n`,
      );
    }
    rl.prompt();
  }
  rl.close();
}
