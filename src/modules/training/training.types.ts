// The course catalogue's shapes (stored as data in training.course.content) and the learner's
// progress. Every text is given in Spanish and English.

export interface Text {
  es: string;
  en: string;
}

export interface Question {
  id: string;
  prompt: Text;
  options: Array<{ id: string; text: Text }>;
  correct: string;
  /** Shown after the answer: why the right answer is right. */
  feedback: Text;
}

export type Illustration = 'id-card' | 'phone' | 'shield' | 'form';

export interface Lesson {
  id: string;
  title: Text;
  paragraphs: Text[];
  illustration?: { kind: Illustration; alt: Text };
  video?: { url: string; transcript: Text };
  quiz: Question[];
}

export interface CourseModule {
  id: string;
  title: Text;
  lessons: Lesson[];
}

export interface CourseContent {
  title: Text;
  summary: Text;
  /** The role it is for (servants' courses), shown in the catalogue. */
  forRole?: Text;
  minutes: number;
  modules: CourseModule[];
  assessment: Question[];
}

export type Audience = 'citizen' | 'servant';

export interface Course {
  id: string;
  audience: Audience;
  programme: string;
  agencyCode: string;
  passPercent: number;
  content: CourseContent;
}

export interface Enrolment {
  id: string;
  courseId: string;
  accountId: string;
  agencyCode: string | null;
  enrolledAt: Date;
  completedAt: Date | null;
  scorePercent: number | null;
  certificateNumber: string | null;
  certificateCode: string | null;
}

export const ASSESSMENT = 'evaluacion';

export function lessonsOf(course: Course): Lesson[] {
  return course.content.modules.flatMap((m) => m.lessons);
}

export function pick(text: Text, language: string): string {
  return language === 'en' ? text.en : text.es;
}

/** The questions answered right, out of a quiz, from the form's answers (`p-<question id>`). */
export function grade(questions: Question[], answers: Record<string, string | undefined>): { correct: number; total: number; missing: string[] } {
  const missing = questions.filter((q) => !answers[`p-${q.id}`]).map((q) => q.id);
  const correct = questions.filter((q) => answers[`p-${q.id}`] === q.correct).length;
  return { correct, total: questions.length, missing };
}
