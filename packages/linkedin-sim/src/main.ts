import { startSimulator } from "./server.js";

const port = Number.parseInt(process.env.PORT ?? "8081", 10);
const host = process.env.HOST ?? "127.0.0.1";

const running = await startSimulator({ port, host });
console.log(`linkedin-sim listening on ${running.url} (POST ${running.url}/__sim/scenario to set the scene)`);

const stop = () => {
  running.close().then(
    () => process.exit(0),
    () => process.exit(1),
  );
};
process.once("SIGINT", stop);
process.once("SIGTERM", stop);
