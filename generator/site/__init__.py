"""Site: hand rendered pages to MkDocs Material, index them with Pagefind, publish atomically."""
