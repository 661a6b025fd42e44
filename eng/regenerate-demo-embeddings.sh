#!/usr/bin/env bash
# Regenerates the demo catalog's shipped vectors (services/Shared/Vargo.DemoData/Embeddings/demo-catalog.embeddings.gz)
# with the model Recommendation uses, then checks them. Run after changing the demo catalog, the product text or the
# model, then rebuild Recommendation (the file is compiled into it) and commit the file.
set -euo pipefail
cd "$(dirname "$0")/.."
VARGO_REGENERATE_EMBEDDINGS=1 dotnet test tests/Vargo.Recommendation.Tests \
  --filter "FullyQualifiedName~ShippedEmbeddingsTests.Every_demo_product_has_a_shipped_vector"
dotnet build services/Recommendation -v q -nologo
dotnet test tests/Vargo.Recommendation.Tests --filter "FullyQualifiedName~ShippedEmbeddingsTests"
