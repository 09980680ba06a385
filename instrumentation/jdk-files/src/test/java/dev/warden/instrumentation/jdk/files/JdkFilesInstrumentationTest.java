package dev.warden.instrumentation.jdk.files;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.instrumentation.api.AdviceCoverage;
import dev.warden.instrumentation.api.AdviceCoverage.Selection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** Each hook selects exactly the JDK methods it is meant for, on the JDK running the test (17 and 25). */
class JdkFilesInstrumentationTest {

    /** Advice simple name → the selected methods' "Type.name(args)" without modifiers and throws. */
    private static Map<String, List<String>> selected(List<Selection> selections) {
        Map<String, List<String>> byAdvice = new TreeMap<>();
        for (Selection selection : selections) {
            String advice = selection.adviceClassName().substring(selection.adviceClassName().lastIndexOf('$') + 1);
            byAdvice.computeIfAbsent(advice, key -> new java.util.ArrayList<>())
                    .addAll(selection.methods().stream().map(JdkFilesInstrumentationTest::signature).toList());
        }
        byAdvice.values().forEach(methods -> methods.sort(null));
        return byAdvice;
    }

    private static String signature(String method) {
        String withoutThrows = method.replaceAll(" throws .*", "");
        String nameAndArgs = withoutThrows.substring(withoutThrows.lastIndexOf(' ', withoutThrows.indexOf('(')) + 1);
        return nameAndArgs.replaceAll("^[\\w.$]+\\.(\\w+\\()", "$1");
    }

    @Test
    void streamHooksSelectThePrivateOpenOfEachJavaIoClass() throws Exception {
        List<Selection> selections = AdviceCoverage.of(new FileStreamInstrumentation());
        Map<String, List<String>> byType = new TreeMap<>();
        for (Selection selection : selections) {
            byType.computeIfAbsent(selection.typeName(), key -> new java.util.ArrayList<>())
                    .addAll(selection.methods().stream().map(JdkFilesInstrumentationTest::signature).toList());
        }
        assertThat(byType).containsExactlyInAnyOrderEntriesOf(Map.of(
                "java.io.FileInputStream", List.of("open(java.lang.String)"),
                "java.io.FileOutputStream", List.of("open(java.lang.String,boolean)"),
                "java.io.RandomAccessFile", List.of("open(java.lang.String,int)")));
    }

    @Test
    void fileOperationHooksSelectEachMutatingOrListingMethodOnce() throws Exception {
        assertThat(selected(AdviceCoverage.of(new FileOperationsInstrumentation()))).containsExactlyInAnyOrderEntriesOf(Map.of(
                "DeleteAdvice", List.of("delete()"),
                "MkdirAdvice", List.of("mkdir()"),
                "RenameAdvice", List.of("renameTo(java.io.File)"),
                "CreateNewFileAdvice", List.of("createNewFile()"),
                "ListAdvice", List.of("normalizedList()")));
    }

    @Test
    void tempFileHookSelectsGenerateFile() throws Exception {
        assertThat(selected(AdviceCoverage.of(new TempFileInstrumentation()))).containsExactlyEntriesOf(Map.of(
                "GenerateFileAdvice", List.of("generateFile(java.lang.String,java.lang.String,java.io.File)")));
    }

    @Test
    void providerHooksSelectEveryOpenAndEveryChange() throws Exception {
        assertThat(selected(AdviceCoverage.of(new FileSystemProviderInstrumentation()))).containsExactlyInAnyOrderEntriesOf(Map.of(
                "OpenAdvice", List.of(
                        "newAsynchronousFileChannel(java.nio.file.Path,java.util.Set,java.util.concurrent.ExecutorService,java.nio.file.attribute.FileAttribute[])",
                        "newByteChannel(java.nio.file.Path,java.util.Set,java.nio.file.attribute.FileAttribute[])",
                        "newFileChannel(java.nio.file.Path,java.util.Set,java.nio.file.attribute.FileAttribute[])"),
                "DeleteAdvice", List.of("implDelete(java.nio.file.Path,boolean)"),
                "CreateAdvice", List.of("createDirectory(java.nio.file.Path,java.nio.file.attribute.FileAttribute[])",
                        "createSymbolicLink(java.nio.file.Path,java.nio.file.Path,java.nio.file.attribute.FileAttribute[])"),
                "ListAdvice", List.of("newDirectoryStream(java.nio.file.Path,java.nio.file.DirectoryStream$Filter)"),
                "CopyAdvice", List.of("copy(java.nio.file.Path,java.nio.file.Path,java.nio.file.CopyOption[])"),
                "MoveAdvice", List.of("move(java.nio.file.Path,java.nio.file.Path,java.nio.file.CopyOption[])"),
                "HardLinkAdvice", List.of("createLink(java.nio.file.Path,java.nio.file.Path)")));
    }

    @Test
    void zoneHooksSelectTheStreamMethodsOfEachTarget() throws Exception {
        Map<String, List<String>> byTypeAndAdvice = new TreeMap<>();
        for (Selection selection : AdviceCoverage.of(new FileZoneInstrumentation())) {
            if (selection.methods().isEmpty()) {
                continue; // a matcher meant for another of the targets
            }
            String advice = selection.adviceClassName().substring(selection.adviceClassName().lastIndexOf('$') + 1);
            byTypeAndAdvice.computeIfAbsent(selection.typeName() + " " + advice, key -> new java.util.ArrayList<>())
                    .addAll(selection.methods().stream().map(JdkFilesInstrumentationTest::signature).toList());
        }
        Map<String, List<String>> expected = new TreeMap<>(Map.ofEntries(
                Map.entry("java.nio.file.Files NewOutputStreamAdvice", List.of("newOutputStream(java.nio.file.Path,java.nio.file.OpenOption[])")),
                Map.entry("java.nio.file.Files NewInputStreamAdvice", List.of("newInputStream(java.nio.file.Path,java.nio.file.OpenOption[])")),
                Map.entry("java.nio.file.Files ReadAllBytesAdvice", List.of("readAllBytes(java.nio.file.Path)")),
                Map.entry("java.nio.file.Files LinesAdvice", List.of("lines(java.nio.file.Path,java.nio.charset.Charset)")),
                Map.entry("java.io.FileOutputStream OutputOpenedAdvice", List.of("open(java.lang.String,boolean)")),
                Map.entry("java.io.FileOutputStream WriteByteAdvice", List.of("write(int)")),
                Map.entry("java.io.FileOutputStream WriteArrayAdvice", List.of("write(byte[])")),
                Map.entry("java.io.FileOutputStream WriteRangeAdvice", List.of("write(byte[],int,int)")),
                Map.entry("java.io.FileOutputStream ChannelAdvice", List.of("getChannel()")),
                Map.entry("java.io.FileOutputStream CloseAdvice", List.of("close()")),
                Map.entry("java.io.FileInputStream InputOpenedAdvice", List.of("open(java.lang.String)")),
                Map.entry("java.io.FileInputStream ReadByteAdvice", List.of("read()")),
                Map.entry("java.io.FileInputStream ReadArrayAdvice", List.of("read(byte[])")),
                Map.entry("java.io.FileInputStream ReadRangeAdvice", List.of("read(byte[],int,int)")),
                Map.entry("java.io.FileInputStream ReadAllAdvice", List.of("readAllBytes()")),
                Map.entry("java.io.FileInputStream ReadNAdvice", List.of("readNBytes(int)")),
                Map.entry("java.io.FileInputStream SkipAdvice", List.of("skip(long)")),
                Map.entry("java.io.FileInputStream AvailableAdvice", List.of("available()")),
                Map.entry("java.io.FileInputStream ChannelAdvice", List.of("getChannel()")),
                Map.entry("java.io.FileInputStream CloseAdvice", List.of("close()"))));
        if (Runtime.version().feature() >= 21) {
            expected.put("java.io.FileInputStream TransferAdvice", List.of("transferTo(java.io.OutputStream)"));
        }
        assertThat(byTypeAndAdvice).containsExactlyInAnyOrderEntriesOf(expected);
    }
}
