# Turns models/blocks.model into a C++ string so the learned block model
# ships inside the library yet stays a versioned, readable data file.
file(READ ${MODEL} text)
set(body "// Generated from models/blocks.model; do not edit.\nnamespace winnow::detail {\nextern const char* const kEmbeddedBlockModel;\nconst char* const kEmbeddedBlockModel = R\"winnowmodel(${text})winnowmodel\";\n}  // namespace winnow::detail\n")
file(WRITE ${OUT}.tmp "${body}")
file(COPY_FILE ${OUT}.tmp ${OUT} ONLY_IF_DIFFERENT)
