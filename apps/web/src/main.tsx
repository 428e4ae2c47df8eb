import { QueryClientProvider } from "@tanstack/react-query";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { App, preloadPage } from "./app";
import { queryClient } from "./lib/trpc";
import "./styles.css";

// The opened page's code loads alongside the sign-in check, not after it.
preloadPage(window.location.pathname);

const root = document.getElementById("root");
if (!root) throw new Error("index.html has no #root element");

createRoot(root).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <App />
    </QueryClientProvider>
  </StrictMode>,
);
