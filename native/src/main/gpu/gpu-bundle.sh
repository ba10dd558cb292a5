#!/usr/bin/env bash
# Packs what the gpu-tagged tests need into one folder that runs on a GPU host WITHOUT a JDK or Maven:
# a jlink-ed Java runtime, the jars (minus the big ones these tests never load: ONNX Runtime, FFmpeg, JavaCV,
# TensorFlow Lite), the engine's test classes, the JUnit console launcher and the canonical-mesh asset.
#   native/src/main/gpu/gpu-bundle.sh [--e2e] [OUT]   (default OUT: out/gpu-bundle; needs JAVA_HOME (JDK >= 21), mvn)
# On the GPU host:  OUT/run-gpu-tests.sh        (runs every @Tag("gpu") test; exit status = JUnit's)
# --e2e adds the end-to-end harness (bench module, ONNX Runtime's linux-x64 natives, the sample speech):
#                   OUT/run-e2e.sh SECONDS SIZE N1 [N2 ...]   (-Davatar.render.backend=... through AVATAR_JVM_OPTS)
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../../../.." && pwd)"
E2E=0
if [ "${1:-}" = --e2e ]; then E2E=1; shift; fi
OUT="${1:-$ROOT/out/gpu-bundle}"
mkdir -p "$OUT"; OUT="$(cd "$OUT" && pwd)" # absolute: Maven resolves relative paths per module
TOP=engine; DROP='/(onnxruntime|ffmpeg|javacv|tensorflow-lite)[-/]'; MODULES=java.base,java.logging,java.management,jdk.unsupported
if [ $E2E = 1 ]; then
  # OpenCV, OpenBLAS, webrtc and TensorFlow Lite natives are never loaded by the harness, nor FFmpeg's beyond the
  # resampler the ingest stage uses (GpuE2eMain reads the WAV itself); their Java classes stay for class loading
  TOP=bench; DROP='/(opencv|openblas|webrtc-java|tensorflow-lite)-[^/]*-linux-x86_64\.jar$|/jmh-|/opencv-[^/]*\.jar$'
  MODULES=$MODULES,jdk.management # no java.desktop: GpuE2eMain never touches the plot
fi
: "${JAVA_HOME:?set JAVA_HOME to a JDK >= 21}"
MVN=(mvn -B -q -Dstyle.color=never)
JUNIT_PLATFORM=1.14.4
cd "$ROOT"
rm -rf "$OUT"; mkdir -p "$OUT/lib" "$OUT/assets"
"${MVN[@]}" -pl $TOP -am -DskipTests package test-compile dependency:build-classpath \
  -Dmdep.outputFile="$OUT/classpath.txt" -Dmdep.includeScope=test >&2
tr ':' '\n' < "$OUT/classpath.txt" | grep -v -E "$DROP" | while read -r jar; do
  [ -z "$jar" ] && continue
  if [ -d "$jar" ]; then # a reactor module's target/classes: take its packaged jar
    cp "$(dirname "$jar")"/avatar-*-SNAPSHOT.jar "$OUT/lib/"
  else
    cp "$jar" "$OUT/lib/"
  fi
done
# the console launcher below bundles JUnit itself
rm -f "$OUT/classpath.txt" "$OUT"/lib/junit-*.jar "$OUT"/lib/opentest4j-*.jar "$OUT"/lib/apiguardian-*.jar
cp engine/target/avatar-engine-*-SNAPSHOT.jar $TOP/target/avatar-$TOP-*-SNAPSHOT.jar "$OUT/lib/"
"${MVN[@]}" dependency:copy -Dartifact=org.junit.platform:junit-platform-console-standalone:$JUNIT_PLATFORM \
  -DoutputDirectory="$OUT/lib" >&2
# keep only the CUDA runtime binding of the CUDA presets' native jar (the other 25 bindings are 4.5 MB we never load)
cudajar="$(ls "$OUT"/lib/cuda-*-linux-x86_64.jar)"
tmp="$(mktemp -d)"; (cd "$tmp" && unzip -q "$cudajar" && find . -name 'libjni*.so' ! -name 'libjnicudart.so' -delete \
  && rm -f "$cudajar" && zip -q -r "$cudajar" .); rm -rf "$tmp"
cp -r engine/target/test-classes "$OUT/test-classes"
cp -r native/target/test-classes/. "$OUT/test-classes/"
if [ $E2E = 1 ]; then
  cp -r bench/target/test-classes/. "$OUT/test-classes/"
  cp models/src/main/resources/io/avatar/models/samples/sample_speech.wav "$OUT/assets/"
  cp "${AVATAR_CACHE_DIR:-$HOME/.cache/avatar/assets}"/silero_vad_v5.onnx* "$OUT/assets/" # each session's VAD
  # ONNX Runtime's jar carries every platform (41 MiB): keep linux-x64
  ortjar="$(ls "$OUT"/lib/onnxruntime-*.jar)"
  tmp="$(mktemp -d)"; (cd "$tmp" && unzip -q "$ortjar" && find ai/onnxruntime/native -mindepth 1 -maxdepth 1 \
    ! -name linux-x64 -exec rm -rf {} + && rm -f "$ortjar" && zip -q -r "$ortjar" .); rm -rf "$tmp"
  ffjar="$(ls "$OUT"/lib/ffmpeg-*-linux-x86_64.jar)"
  tmp="$(mktemp -d)"; (cd "$tmp" && unzip -q "$ffjar" && rm -f org/bytedeco/ffmpeg/linux-x86_64/{ffmpeg,ffprobe} \
    && find org/bytedeco/ffmpeg/linux-x86_64 -regextype egrep -regex '.*/lib(jni)?(avcodec|avformat|avfilter|avdevice|swscale)\.so.*' \
    -delete && rm -f "$ffjar" && zip -q -r "$ffjar" .); rm -rf "$tmp"
fi
cache="${AVATAR_CACHE_DIR:-$HOME/.cache/avatar/assets}"
cp "$cache"/geometry_pipeline_metadata_landmarks.binarypb* "$OUT/assets/"
# no java.desktop for the gpu tests: the renderer path never touches AWT/ImageIO (19 MB of the 64 MiB a call may carry)
"$JAVA_HOME/bin/jlink" --add-modules "$MODULES" \
  --strip-debug --no-header-files --no-man-pages --compress=zip-9 --output "$OUT/jre"
# what both launchers share: the bundled runtime, the class path and the CUDA runtime's folder
cat > "$OUT/java-env.sh" <<'RUN'
# sourced by the bundle's launchers; needs B (the bundle folder)
export LD_LIBRARY_PATH="${LD_LIBRARY_PATH:+$LD_LIBRARY_PATH:}/usr/local/cuda/lib64"
cp="$B/test-classes"; for j in "$B"/lib/*.jar; do case "$j" in *console-standalone*) ;; *) cp="$cp:$j";; esac; done
JAVA=("$B/jre/bin/java" --add-exports java.base/jdk.internal.misc=ALL-UNNAMED --enable-native-access=ALL-UNNAMED
  -Davatar.cache.dir="$B/assets")
RUN
cat > "$OUT/run-gpu-tests.sh" <<'RUN'
#!/usr/bin/env bash
# Runs the gpu-tagged tests with the bundled runtime. Extra arguments go to the JUnit console launcher
# (e.g. --select-class io.avatar.engine.render.CudaFaceRendererGpuTest). AVATAR_TEST_TAG picks another tag.
# Needs: NVIDIA driver (CUDA 13), and libcudart.so.13 on the loader path (CUDA 13 toolkit: /usr/local/cuda/lib64).
set -euo pipefail
B="$(cd "$(dirname "$0")" && pwd)"
. "$B/java-env.sh"
exec "${JAVA[@]}" -Dagrona.disable.bounds.checks=false -Xmx4g \
  -jar "$B"/lib/junit-platform-console-standalone-*.jar execute --class-path "$cp" \
  --scan-class-path "$B/test-classes" --include-tag "${AVATAR_TEST_TAG:-gpu}" --details=tree --disable-banner "$@"
RUN
chmod +x "$OUT/run-gpu-tests.sh"
if [ $E2E = 1 ]; then
  cat > "$OUT/run-e2e.sh" <<'RUN'
#!/usr/bin/env bash
# The end-to-end harness on the sample speech: run-e2e.sh SECONDS SIZE N1 [N2 ...]; JVM options in AVATAR_JVM_OPTS
# (e.g. -Davatar.render.backend=cpu or cuda, -Davatar.engine.render.threads=N).
set -euo pipefail
B="$(cd "$(dirname "$0")" && pwd)"
. "$B/java-env.sh"
exec "${JAVA[@]}" -Xmx8g ${AVATAR_JVM_OPTS:-} -cp "$cp" io.avatar.bench.e2e.GpuE2eMain \
  "$B/assets/sample_speech.wav" "$@"
RUN
  chmod +x "$OUT/run-e2e.sh"
fi
du -sh "$OUT" "$OUT"/jre "$OUT"/lib "$OUT"/test-classes >&2
# AVATAR_GPU_BUNDLE_XZ=1: also OUT.tar.xz (33 MiB instead of 57: the device tool carries at most 64 MiB per call,
# the project's tracked files included)
if [ "${AVATAR_GPU_BUNDLE_XZ:-0}" = 1 ]; then
  tar -C "$(dirname "$OUT")" -cJf "$OUT.tar.xz" "$(basename "$OUT")"
  du -sh "$OUT.tar.xz" >&2
fi
echo "$OUT"
