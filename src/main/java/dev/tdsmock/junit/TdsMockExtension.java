package dev.tdsmock.junit;

import java.lang.reflect.AnnotatedElement;
import java.util.Optional;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * Starts the server a {@link TdsMock} annotation asks for and hands it to parameters of type
 * {@link TdsMockServer}. Servers live in the store of the class or method context, which stops them when
 * that context ends, whether its tests passed or not.
 */
public final class TdsMockExtension implements BeforeAllCallback, BeforeEachCallback, ParameterResolver {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(TdsMockExtension.class);
    private static final String SERVER = "server";

    @Override
    public void beforeAll(ExtensionContext context) {
        startIfAnnotated(context, context.getRequiredTestClass());
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        if (AnnotationSupport.findAnnotation(context.getRequiredTestMethod(), TdsMock.class).isPresent()) {
            startIfAnnotated(context, context.getRequiredTestMethod());
            return;
        }
        RunningServer shared = context.getStore(NAMESPACE).get(SERVER, RunningServer.class);
        if (shared != null) {
            shared.resetForTest();
        }
    }

    /**
     * Starts the server of this class or method once: with {@code @TestInstance(PER_CLASS)} the constructor's
     * parameters are resolved before {@link #beforeAll}, which then finds the server started for them.
     */
    private static void startIfAnnotated(ExtensionContext context, AnnotatedElement element) {
        Optional<TdsMock> settings = AnnotationSupport.findAnnotation(element, TdsMock.class);
        ExtensionContext.Store store = context.getStore(NAMESPACE);
        // keyed by the element itself, which an enclosing context's store cannot hold
        if (settings.isEmpty() || store.get(element) != null) {
            return;
        }
        // put, not getOrComputeIfAbsent: a method's own server must shadow the class's, which a lookup would find
        store.put(SERVER, RunningServer.start(settings.get()));
        store.put(element, Boolean.TRUE);
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == TdsMockServer.class;
    }

    @Override
    public TdsMockServer resolveParameter(ParameterContext parameter, ExtensionContext context) {
        if (context.getTestMethod().isEmpty() && context.getTestClass().isPresent()) {
            startIfAnnotated(context, context.getRequiredTestClass());
        }
        RunningServer running = context.getStore(NAMESPACE).get(SERVER, RunningServer.class);
        if (running == null) {
            throw new ParameterResolutionException("no tds-mock server for " + parameter.getDeclaringExecutable()
                    + ": put @TdsMock on the test class (constructors and @BeforeAll methods see only that one)"
                    + " or on this test method");
        }
        return running.handle();
    }
}
