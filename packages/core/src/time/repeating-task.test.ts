import { describe, expect, it } from "vitest";
import { RepeatingTask } from "./repeating-task.js";

describe("RepeatingTask", () => {
  it("runs at once, never two passes together, keeps going after a failure, and stop waits for the pass in flight", async () => {
    let active = 0;
    let most = 0;
    let passes = 0;
    const errors: unknown[] = [];
    let finishedLast = false;
    const task = new RepeatingTask(
      async () => {
        passes += 1;
        active += 1;
        most = Math.max(most, active);
        finishedLast = false;
        await new Promise((resolve) => setTimeout(resolve, 30));
        active -= 1;
        finishedLast = true;
        if (passes === 2) throw new Error("second pass fails");
      },
      5,
      (error) => errors.push(error),
    );
    task.start();
    expect(passes).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 200));
    await task.stop();
    expect(finishedLast).toBe(true);
    expect(most).toBe(1);
    expect(passes).toBeGreaterThan(2);
    expect(errors).toHaveLength(1);
    const after = passes;
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(passes).toBe(after);
    expect(task.started).toBe(false);
  });
});
