// The manual is bundled by Vite (`?raw` text, `import.meta.glob` image URLs): its client types.
/// <reference types="vite/client" />
